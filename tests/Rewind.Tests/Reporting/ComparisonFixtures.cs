using Rewind.Pruning;
using Rewind.Reporting;

namespace Rewind.Tests.Reporting;

/// <summary>
/// Two strategies × three seeds over densities 100/80/64/51.2%. imp stops at level 2; lrr seeds 0 and 1 reach
/// level 3 but seed 2 stops at level 2, so level 3 is a partial row and level 2 is the sparsest common level.
/// </summary>
internal static class ComparisonFixtures
{
    public const int Prunable = 1000;

    private static readonly double[] Densities = [1.0, 0.8, 0.64, 0.512];

    public static LevelSummary Level(int level, double testAccuracy, double trainLoss = 0.05) => new(
        level, Densities[level], (long)Math.Round(Prunable * Densities[level]), Prunable,
        testAccuracy, 0.1, trainLoss, 0.99, testAccuracy + 0.001, 2, 100, 10);

    /// <summary>Accuracy of [seed][level]; a seed's list ends at the last level it reached.</summary>
    public static RunResult[] RunsOf(string strategy, double[][] accuracyBySeedAndLevel) =>
        accuracyBySeedAndLevel
            .Select((levels, seed) => new RunResult(
                strategy, seed, $"runs/{strategy}-s{seed}",
                levels.Select((acc, level) => Level(level, acc)).ToArray()))
            .ToArray();

    public static readonly RunResult[] Imp = RunsOf("imp",
    [
        [0.980, 0.970, 0.90],
        [0.982, 0.975, 0.91],
        [0.978, 0.980, 0.92],
    ]); // level means 98.00 ± 0.50, 97.50 ± 1.24, 91.00 ± 2.48

    /// <summary>lrr clearly above imp at level 2: 96.50 ± 1.24 vs 91.00 ± 2.48.</summary>
    public static readonly RunResult[] LrrClearlyBetter = RunsOf("lrr",
    [
        [0.981, 0.960, 0.960, 0.95],
        [0.985, 0.965, 0.965, 0.96],
        [0.983, 0.970, 0.970],
    ]); // 98.30 ± 0.50, 96.50 ± 1.24, 96.50 ± 1.24, 95.50 ± 6.35 (n=2)

    /// <summary>lrr above imp at level 2 on average but noisy: 93.00 ± 7.45 vs 91.00 ± 2.48.</summary>
    public static readonly RunResult[] LrrNoisy = RunsOf("lrr",
    [
        [0.981, 0.960, 0.90, 0.95],
        [0.985, 0.965, 0.93, 0.96],
        [0.983, 0.970, 0.96],
    ]);

    public static ComparisonTable ClearTable() => ComparisonTable.FromRuns([.. Imp, .. LrrClearlyBetter]);

    public static ComparisonTable NoisyTable() => ComparisonTable.FromRuns([.. Imp, .. LrrNoisy]);
}
