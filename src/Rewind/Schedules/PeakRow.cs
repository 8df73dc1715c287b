namespace Rewind.Schedules;

/// <summary>One pruning level of a peak table (<c>rewind schedule silo</c>).</summary>
/// <param name="Level">m, the number of completed pruning steps (0 = dense).</param>
/// <param name="PercentRemaining">Paper B's λ = 100·(1 − p)^m, percent of weights remaining.</param>
/// <param name="Peak">The level's peak learning rate (SILO's max_lr).</param>
public sealed record PeakRow(int Level, double PercentRemaining, double Peak)
{
    /// <summary>
    /// Rows for levels 0..<paramref name="levels"/> of <paramref name="peaks"/> at pruning rate
    /// <paramref name="rate"/> (ALGORITHMS §8.1–§8.2).
    /// </summary>
    public static IReadOnlyList<PeakRow> Table(IPeakSchedule peaks, double rate, int levels)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        if (levels < 0)
            throw new RewindUserException($"--levels: {levels} is not a number of levels; use 0 or more (Paper B: 25).");
        if (!(rate > 0 && rate < 1))
            throw new RewindUserException(
                $"--rate: {rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is not a pruning rate; it must lie strictly between 0 and 1 (Paper B: 0.2).");
        return Enumerable.Range(0, levels + 1)
            .Select(m => new PeakRow(m, 100 * Math.Pow(1 - rate, m), peaks.Peak(m)))
            .ToArray();
    }
}
