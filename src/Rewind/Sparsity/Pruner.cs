using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Turns scores and the current mask into the next, nested mask at an absolute target density, with exact counts
/// and the stable tie rule of ALGORITHMS.md §0.2 (lowest score first, then lowest flat index): globally,
/// <c>k = (long)((1−d)·N)</c> scalars are pruned in total; per layer, each tensor prunes <c>(long)((1−d_l)·n_l)</c>
/// with <c>d_l</c> given by the <see cref="PruningScope"/>. Already-pruned entries are always among the pruned, so
/// masks stay nested; when the current mask is already sparser than a count asks, the count is raised to it.
/// </summary>
public static class Pruner
{
    /// <summary>Computes the next mask with default options. Scores are not modified; the caller keeps ownership.</summary>
    public static MaskSet Prune(IReadOnlyList<Tensor> scores, MaskSet current, double targetDensity, PruningScope scope) =>
        Prune(scores, current, targetDensity, scope, PrunerOptions.Default);

    /// <summary>Computes the next mask in <paramref name="scope"/> (<see cref="PrunerOptions.Scope"/> is ignored here).</summary>
    public static MaskSet Prune(IReadOnlyList<Tensor> scores, MaskSet current, double targetDensity, PruningScope scope, PrunerOptions options)
    {
        if (targetDensity is <= 0 or > 1 || double.IsNaN(targetDensity))
            throw new RewindUserException($"target density {targetDensity} is outside (0, 1].");
        CheckScores(scores, current);
        var sizes = current.Masks.Select(m => m.Mask.numel()).ToArray();
        using var temporaries = NewDisposeScope(); // roots every temporary (see Core.Scalars); the new masks are detached from it
        return scope switch
        {
            PruningScope.Global => PruneGlobal(scores, current, targetDensity),
            PruningScope.PerLayer => PruneToLayerCounts(scores, current, sizes.Select(n => PruningCounts.PrunedCount(targetDensity, n)).ToArray()),
            PruningScope.Balanced => PruneToLayerCounts(scores, current, LayerBudgets.BalancedPrunedCounts(sizes, targetDensity, options.Balanced)),
            PruningScope.Erk => PruneToLayerCounts(scores, current,
                LayerBudgets.ErkPrunedCounts(current.Masks.Select(m => m.Mask.shape).ToArray(), targetDensity, options.Erk)),
            PruningScope.Structured => PruneStructured(scores, current, targetDensity,
                options.Chain ?? LayerChain.FromShapes(current.Masks.Select(m => (m.Name, m.Mask.shape)).ToList())),
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
    }

    /// <summary>
    /// Scores with <paramref name="scorer"/>, prunes to <paramref name="targetDensity"/> in the scorer's scope (or
    /// <see cref="PrunerOptions.Scope"/>) and disposes the scores. The context's mask is the current mask.
    /// </summary>
    public static MaskSet ScoreAndPrune(IScorer scorer, ScoringContext context, double targetDensity, PrunerOptions? options = null)
    {
        options ??= PrunerOptions.Default;
        var scope = options.Scope ?? scorer.Scope;
        if (scope == PruningScope.Structured && options.Chain is null)
            options = options with { Chain = LayerChain.Of(context.Model) };
        using var temporaries = NewDisposeScope(); // the scorers' temporaries stay alive until libtorch is done with them
        var scores = scorer.Score(context with { TargetDensity = context.TargetDensity ?? targetDensity });
        try { return Prune(scores, context.Mask, targetDensity, scope, options); }
        finally { foreach (var s in scores) s.Dispose(); }
    }

    /// <summary>Prunes each tensor to its own density <c>d_l</c>: <c>(long)((1−d_l)·n_l)</c> scalars (explicit per-layer densities).</summary>
    public static MaskSet PruneToLayerDensities(IReadOnlyList<Tensor> scores, MaskSet current, IReadOnlyList<double> densities)
    {
        if (densities.Count != current.Masks.Count)
            throw new ArgumentException("one density per prunable tensor is required", nameof(densities));
        foreach (var d in densities)
            if (d is < 0 or > 1 || double.IsNaN(d)) throw new RewindUserException($"layer density {d} is outside [0, 1].");
        return PruneToLayerCounts(scores, current, LayerBudgets.PrunedCounts(current.Masks.Select(m => m.Mask.numel()).ToArray(), densities));
    }

    /// <summary>Prunes exactly <paramref name="prunedCounts"/>[l] scalars of each tensor (at least its already-pruned ones).</summary>
    public static MaskSet PruneToLayerCounts(IReadOnlyList<Tensor> scores, MaskSet current, IReadOnlyList<long> prunedCounts)
    {
        CheckScores(scores, current);
        var result = new List<(string, Tensor)>();
        for (int i = 0; i < scores.Count; i++)
        {
            var (name, mask) = current.Masks[i];
            result.Add((name, ExactSelection.KeepMasks([scores[i]], [mask], prunedCounts[i])[0])); // never below the dead count
        }
        return MaskSet.Adopt(result);
    }

    private static MaskSet PruneGlobal(IReadOnlyList<Tensor> scores, MaskSet current, double targetDensity)
    {
        // Pruned entries count as lower than any score, so the stable k-selection takes them first (masks stay nested).
        long k = PruningCounts.PrunedCount(targetDensity, current.Masks.Sum(m => m.Mask.numel())); // raised to the dead count
        var keep = ExactSelection.KeepMasks(scores, current.Masks.Select(m => m.Mask).ToList(), k);
        return MaskSet.Adopt(current.Masks.Select((m, i) => (m.Name, keep[i])));
    }

    private static MaskSet PruneStructured(IReadOnlyList<Tensor> scores, MaskSet current, double targetDensity, LayerChain chain)
    {
        using var scope = NewDisposeScope();
        var next = current.Masks.Select(m => m.Mask.clone()).ToArray();
        var maskIndex = current.Masks.Select((m, i) => (m.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        for (int c = 0; c < chain.Layers.Count - 1; c++) // the output layer's units are the classes: never removed
        {
            var link = chain.Layers[c];
            if (!maskIndex.TryGetValue(link.Name, out int i)) continue;
            var mask = next[i]; // includes the input slices removed with the previous layer's units
            long units = mask.shape[0];
            var rows = mask.reshape(units, -1);
            var alive = rows.sum(1).gt(Scalars.Zero);
            // A unit's score is the sum of its live element scores (L1 norm for |w|); dead units go first.
            var unitScores = scores[i].detach().to(ScalarType.Float64).reshape(units, -1).masked_fill(rows.eq(Scalars.Zero), Scalars.Zero).sum(1)
                .masked_fill(alive.logical_not(), Scalars.NegativeInfinity);
            long dead = units - alive.sum().item<long>();
            long k = Math.Max(PruningCounts.PrunedCount(targetDensity, units), dead);
            var keepUnits = ExactSelection.KeepMask(unitScores, k).to(ScalarType.Float32);
            var rowShape = new long[mask.dim()];
            Array.Fill(rowShape, 1L);
            rowShape[0] = units;
            next[i].mul_(keepUnits.reshape(rowShape));
            if (link.Consumer >= 0 && maskIndex.TryGetValue(chain.Layers[link.Consumer].Name, out int j))
            {
                var colShape = new long[next[j].dim()];
                Array.Fill(colShape, 1L);
                colShape[1] = next[j].shape[1];
                next[j].mul_(chain.ToConsumerInputs(c, keepUnits).reshape(colShape));
            }
        }
        return MaskSet.FromTensors(current.Masks.Select((m, i) => new KeyValuePair<string, Tensor>(m.Name, next[i])));
    }

    private static void CheckScores(IReadOnlyList<Tensor> scores, MaskSet current)
    {
        if (scores.Count != current.Masks.Count)
            throw new ArgumentException("one score tensor per prunable tensor is required", nameof(scores));
        for (int i = 0; i < scores.Count; i++)
            if (scores[i].numel() != current.Masks[i].Mask.numel())
                throw new ArgumentException($"score {i} has {scores[i].numel()} entries but {current.Masks[i].Name} has {current.Masks[i].Mask.numel()}", nameof(scores));
    }
}
