using Rewind.Sparsity;

namespace Rewind.Strategies;

/// <summary>
/// The rewind strategies by name — the one list that <c>pruning.strategy</c>'s allowed values, its help text and
/// the error hints read — and how many levels and which densities each runs. Adding a strategy is one new
/// <see cref="IRewindStrategy"/> file plus one line in <see cref="Entries"/>.
/// </summary>
public static class StrategyCatalog
{
    /// <summary>A strategy's name, one-line description and factory.</summary>
    /// <param name="Name">The value of <c>pruning.strategy</c>.</param>
    /// <param name="Description">What it does, for help text.</param>
    /// <param name="Create">Builds the strategy.</param>
    public sealed record Entry(string Name, string Description, Func<IRewindStrategy> Create);

    /// <summary>Every strategy, in the order help text lists them.</summary>
    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("imp", "rewind weights to θ(0), fresh optimizer (Frankle & Carbin 2019)", () => new IterativeMagnitudePruning()),
        new("wr", "rewind weights and optimizer state to θ(k) at pruning.rewind_to (Frankle et al. 2020)", () => new WeightRewinding()),
        new("lrr", "keep weights and momentum, restart the learning-rate schedule (Renda et al. 2020)", () => new LearningRateRewinding()),
        new("ft", "keep weights, train at the schedule's final learning rate (fine-tuning)", () => new FineTuning()),
        // oneshot trains dense, prunes once straight to the target density (1−rate)^levels and retrains from θ(0),
        // so its single pruned level starts as IMP does.
        new("oneshot", "prune once straight to (1−rate)^levels, retrain from θ(0)", () => new IterativeMagnitudePruning()),
    ];

    /// <summary>Every name accepted by <c>pruning.strategy</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>The strategy called <paramref name="name"/>.</summary>
    public static IRewindStrategy Create(string name) =>
        (Entries.FirstOrDefault(e => e.Name == name)
         ?? throw new RewindUserException($"pruning.strategy: '{name}' is not known. Valid: {string.Join(", ", Names)}.")).Create();

    /// <summary>Number of pruned levels after level 0.</summary>
    public static int PrunedLevels(string strategy, int levels) => strategy == "oneshot" ? Math.Min(1, levels) : levels;

    /// <summary>Absolute target density of level <paramref name="level"/> (level 0 is dense).</summary>
    public static double Density(string strategy, int level, int levels, double rate) =>
        level == 0 ? 1.0
        : strategy == "oneshot" ? PruningCounts.Density(levels, rate)
        : PruningCounts.Density(level, rate);
}
