using System.Globalization;

namespace Rewind.Schedules;

/// <summary>
/// Peaks given level by level: the dense level's peak, then one value per pruned level. This is how an Oracle's
/// greedy choices (Paper B §5.4, ALGORITHMS §6.4) are recorded in a spec, so a chosen trial can be re-run exactly.
/// </summary>
public sealed class ListPeak : IPeakSchedule
{
    private readonly double[] _pruned;

    /// <summary>
    /// Creates the list; throws <see cref="RewindUserException"/> unless every value is a finite number &gt; 0.
    /// </summary>
    /// <param name="densePeak">Peak of level 0 (<c>optimizer.lr</c>).</param>
    /// <param name="prunedLevelPeaks">Peaks of levels 1, 2, … (<c>peak.values</c>).</param>
    public ListPeak(double densePeak, IReadOnlyList<double> prunedLevelPeaks)
    {
        ArgumentNullException.ThrowIfNull(prunedLevelPeaks);
        if (!(densePeak > 0) || !double.IsFinite(densePeak))
            throw new RewindUserException($"optimizer.lr: {Num(densePeak)} is not a usable peak learning rate; it must be a finite number > 0.");
        for (int i = 0; i < prunedLevelPeaks.Count; i++)
        {
            double v = prunedLevelPeaks[i];
            if (!(v > 0) || !double.IsFinite(v))
                throw new RewindUserException(
                    $"peak.values[{i}]: {Num(v)} is not a usable peak learning rate for level {i + 1}; it must be a finite number > 0.");
        }
        DensePeak = densePeak;
        _pruned = [.. prunedLevelPeaks];
    }

    /// <summary>The peak of the dense level 0.</summary>
    public double DensePeak { get; }

    /// <summary>The peaks of levels 1, 2, ….</summary>
    public IReadOnlyList<double> PrunedLevelPeaks => _pruned;

    /// <summary>The last level this list has a peak for.</summary>
    public int LastLevel => _pruned.Length;

    /// <summary>Peak of level <paramref name="level"/>; a level beyond the list is a <see cref="RewindUserException"/>.</summary>
    public double Peak(int level)
    {
        if (level < 0) throw new ArgumentOutOfRangeException(nameof(level), level, "Levels count from 0 (dense).");
        if (level == 0) return DensePeak;
        if (level > _pruned.Length)
            throw new RewindUserException(
                $"peak.values: has {_pruned.Length} value(s), for levels 1..{_pruned.Length}, but level {level} needs one; " +
                "give one value per pruned level (pruning.levels).");
        return _pruned[level - 1];
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
