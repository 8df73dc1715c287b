namespace Rewind.Pruning;

/// <summary>The rewind strategies by name, and how many levels and which densities each runs.</summary>
public static class Strategies
{
    /// <summary>Every name accepted by <c>pruning.strategy</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["imp", "wr", "lrr", "ft", "oneshot"];

    /// <summary>
    /// The strategy called <paramref name="name"/>. <c>oneshot</c> trains dense, prunes once straight to the target
    /// density (1−rate)^levels and retrains from θ(0), so it starts its single pruned level as IMP does.
    /// </summary>
    public static IRewindStrategy Create(string name) => name switch
    {
        "imp" or "oneshot" => new IterativeMagnitudePruning(),
        "wr" => new WeightRewinding(),
        "lrr" => new LearningRateRewinding(),
        "ft" => new FineTuning(),
        _ => throw new RewindUserException($"pruning.strategy: '{name}' is not known. Valid: {string.Join(", ", Names)}."),
    };

    /// <summary>Number of pruned levels after level 0.</summary>
    public static int PrunedLevels(string strategy, int levels) => strategy == "oneshot" ? Math.Min(1, levels) : levels;

    /// <summary>Absolute target density of level <paramref name="level"/> (level 0 is dense).</summary>
    public static double Density(string strategy, int level, int levels, double rate) =>
        level == 0 ? 1.0
        : strategy == "oneshot" ? Sparsity.PruningCounts.Density(levels, rate)
        : Sparsity.PruningCounts.Density(level, rate);
}
