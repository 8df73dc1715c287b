using Rewind.Sparsity.Scorers;

namespace Rewind.Sparsity;

/// <summary>The pruning criteria by name (the public face of the scorers), with their default scope and reference.</summary>
public static class ScorerCatalog
{
    private static readonly (ScorerInfo Info, Func<ScorerSettings, IScorer> Create)[] Entries =
    [
        (new("global-magnitude", PruningScope.Global, "|w|, one global threshold (Han et al. 2015; ALGORITHMS.md §7.1)"),
            _ => new MagnitudeScorer("global-magnitude", PruningScope.Global)),
        (new("layer-magnitude", PruningScope.PerLayer, "|w|, every layer keeps the same fraction (ShrinkBench LayerMagWeight; §7.2)"),
            _ => new MagnitudeScorer("layer-magnitude", PruningScope.PerLayer)),
        (new("global-gradient", PruningScope.Global, "|w·∂L/∂w| on training batches in train mode (Blalock et al. 2020 GlobalMagGrad; §7.3)"),
            s => new GradientScorer(s.ScoreBatches)),
        (new("snip", PruningScope.Global, "connection sensitivity |w·∂L/∂w| in eval mode on the trained weights (Lee et al. 2019; Paper A §5.9; §7.6)"),
            s => new SnipScorer(s.ScoreBatches)),
        (new("synflow", PruningScope.Global, "synaptic flow |θ·∂R/∂θ|, data-free, one pass per level (Tanaka et al. 2020; Paper A §5.9; §7.7)"),
            s => new SynFlowScorer(s.SynflowIterations)),
        (new("lamp", PruningScope.Global, "layer-adaptive magnitude w²/Σ_{v≥u} w_v², global threshold (Lee et al. 2021; §7.4)"),
            _ => new LampScorer()),
        (new("lap", PruningScope.PerLayer, "lookahead W²·P·Q over neighbouring layers, per layer (Park et al. 2020; §7.5)"),
            _ => new LapScorer()),
        (new("l1-filter", PruningScope.Structured, "L1 norm of whole filters/neurons, structured per layer (Li et al. 2017; §7.8)"),
            _ => new MagnitudeScorer("l1-filter", PruningScope.Structured)),
        (new("random", PruningScope.Global, "|z|, z ~ N(0,1), global threshold (Paper A code random-global; §7.9)"),
            _ => new RandomScorer()),
        (new("random-uniform", PruningScope.PerLayer, "random, the same density in every layer (§7.9)"),
            _ => new RandomScorer("random-uniform", PruningScope.PerLayer)),
        (new("random-balanced", PruningScope.Balanced, "random, the same number of weights in every layer (Paper A §5.4; pruning.balanced_variant)"),
            _ => new RandomScorer("random-balanced", PruningScope.Balanced)),
        (new("random-erk", PruningScope.Erk, "random with Erdős–Rényi-kernel layer densities (Evci et al. 2020; §7.9; pruning.erk_variant)"),
            _ => new RandomScorer("random-erk", PruningScope.Erk)),
    ];

    /// <summary>Every scorer name accepted by <c>pruning.scorer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Info.Name).ToList();

    /// <summary>Every criterion with its default scope and reference (for help text and the README).</summary>
    public static IReadOnlyList<ScorerInfo> Infos { get; } = Entries.Select(e => e.Info).ToList();

    /// <summary>Creates the scorer called <paramref name="name"/>; unknown names are user errors listing the valid ones.</summary>
    public static IScorer Create(string name) => Create(name, ScorerSettings.Default);

    /// <summary>Creates the scorer called <paramref name="name"/> with the spec's scorer settings.</summary>
    public static IScorer Create(string name, ScorerSettings settings)
    {
        foreach (var (info, create) in Entries)
            if (info.Name == name) return create(settings);
        throw new RewindUserException(
            $"pruning.scorer: '{name}' is not a known scorer. Valid: {string.Join(", ", Names)}.");
    }
}
