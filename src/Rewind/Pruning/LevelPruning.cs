using Rewind.Data;
using Rewind.Sparsity;
using Rewind.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// One pruning step exactly as the level loop takes it, shared with <c>rewind prune</c> so that pruning a stored
/// level-L model to level L+1's density with the run's scorer reproduces the run's own level-L+1 mask: the scorer
/// and pruner settings come from the spec's <c>pruning.*</c> keys, random scores are seeded by (seed, level), and
/// data-dependent scorers see the first <c>pruning.score_batches</c> batches of a (seed, level)-seeded permutation.
/// </summary>
public static class LevelPruning
{
    private const long ScoreStream = 0x5C0E;

    /// <summary>The spec's scorer (or <paramref name="name"/>) with its settings.</summary>
    public static IScorer Scorer(PruningSpec pruning, string? name = null) =>
        ScorerCatalog.Create(name ?? pruning.Scorer, new ScorerSettings
        {
            ScoreBatches = pruning.ScoreBatches,
            SynflowIterations = pruning.SynflowIterations,
        });

    /// <summary>The pruner settings of <c>pruning.scope</c>, <c>pruning.balanced_variant</c> and <c>pruning.erk_variant</c>.</summary>
    public static PrunerOptions Options(PruningSpec pruning) => new()
    {
        Scope = PruningScopes.Parse(pruning.Scope),
        Balanced = PruningScopes.ParseBalanced(pruning.BalancedVariant),
        Erk = PruningScopes.ParseErk(pruning.ErkVariant),
    };

    /// <summary>The scoring context of level <paramref name="level"/> (the level being started).</summary>
    public static ScoringContext Context(nn.Module<Tensor, Tensor> model, IReadOnlyList<PrunableTensor> prunable, MaskSet mask,
        RunSpec spec, int level, Dataset data, double targetDensity)
    {
        long seed = (long)SeedMix.ForTorch(SeedMix.Combine(spec.Seed, level, ScoreStream));
        int batchSize = spec.Training.BatchSize;
        IEnumerable<(Tensor, Tensor)> Take(int n)
        {
            using var perm = Data.Batches.EpochPermutation(data.TrainCount, spec.Seed, level, -1);
            long available = Data.Batches.BatchesPerEpoch(data.TrainCount, batchSize);
            return Enumerable.Range(0, (int)Math.Min(n, available)).Select(i => Data.Batches.Take(data, perm, i, batchSize)).ToList();
        }
        return new ScoringContext(model, prunable, mask, seed, Take, data.InputShape, targetDensity);
    }

    /// <summary>Scores and prunes to <paramref name="targetDensity"/>; returns the next mask (nested in the context's).</summary>
    public static MaskSet Next(ScoringContext context, PruningSpec pruning, double targetDensity, string? scorer = null) =>
        Pruner.ScoreAndPrune(Scorer(pruning, scorer), context, targetDensity, Options(pruning));

    /// <summary>
    /// A warning naming the layers <paramref name="after"/> empties that <paramref name="before"/> did not (layer
    /// collapse, which the pruner reports rather than prevents), or null.
    /// </summary>
    public static string? CollapseWarning(MaskSet before, MaskSet after, string where)
    {
        var was = before.EmptyLayers().ToHashSet(StringComparer.Ordinal);
        var now = after.EmptyLayers().Where(n => !was.Contains(n)).ToList();
        return now.Count == 0 ? null
            : $"warning: {where}: layer collapse — {string.Join(", ", now)} kept no weight, so the output no longer depends on the input " +
              "(accuracy falls to chance). Use a layer-adaptive criterion (lamp, synflow, random-balanced), pruning.scope=per-layer, or a higher density.";
    }
}
