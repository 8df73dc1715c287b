using Rewind.Analysis;

namespace Rewind.Reporting;

/// <summary>
/// One strategy at one pruning level, aggregated over the seeds that reached that level. Fractions 0–1.
/// </summary>
/// <param name="Strategy">Strategy label.</param>
/// <param name="Level">Pruning level (0 = dense).</param>
/// <param name="Density">Mean remaining fraction of prunable weights over the seeds (identical for a deterministic schedule).</param>
/// <param name="RemainingWeights">Mean number of remaining prunable weights over the seeds, rounded.</param>
/// <param name="TestAccuracy">Final test accuracy of the level: mean, std and 95% interval over seeds.</param>
/// <param name="BestTestAccuracyMean">Mean over seeds of the best test accuracy seen during the level.</param>
/// <param name="TrainLossMean">Mean over seeds of the final training loss of the level.</param>
public sealed record ComparisonRow(
    string Strategy,
    int Level,
    double Density,
    long RemainingWeights,
    Estimate TestAccuracy,
    double BestTestAccuracyMean,
    double TrainLossMean)
{
    /// <summary>How many seeds reached this level (the sample size of <see cref="TestAccuracy"/>).</summary>
    public int Seeds => TestAccuracy.Count;
}
