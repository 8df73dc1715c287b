using System.Globalization;

namespace Rewind.Schedules;

/// <summary>
/// Rewind's adaptive peak (the question Paper B leaves open): each pruned level's peak is the dense peak scaled by
/// what the network showed at the end of the previous level, relative to level 0:
/// <c>η_m = η_0 · clamp(√(s_0 / s_{m−1}), min_factor, max_factor)</c> for m ≥ 1, where s is a recorded statistic.
/// </summary>
/// <remarks>
/// <para>With s = the mean squared gradient of the unpruned weights this keeps the expected squared weight update of
/// one SGD step, η²·E[g²] (Paper B's E_WG per step), at its level-0 value: as the gradients narrow while the network
/// thins (Paper B Sec. 3.1, Figs. 4–7), the peak grows. With s = E_AA, the mean squared input activation of the pruned
/// layers, it is Remark 2 with the measured 4·E_AA in place of Theorem 1's bound C: η_m/η_0 = √(C_0/C_m).</para>
/// <para>Level 1 always gets η_0 (its statistic is level 0's own), which mirrors SILO's delay q = 1. The rule is a pure
/// function of the recorded statistics, so a resumed run recomputes the same peaks.</para>
/// </remarks>
public sealed class AdaptivePeak : IPeakSchedule
{
    private readonly double[] _statistics;

    /// <summary>Creates the rule over statistics recorded so far (index = level; at least level 0).</summary>
    /// <param name="densePeak">η_0 (<c>optimizer.lr</c>).</param>
    /// <param name="statisticByLevel">s_0, s_1, …: the statistic measured at the end of each finished level.</param>
    /// <param name="minFactor">Lower bound of η_m/η_0.</param>
    /// <param name="maxFactor">Upper bound of η_m/η_0.</param>
    public AdaptivePeak(double densePeak, IReadOnlyList<double> statisticByLevel, double minFactor, double maxFactor)
    {
        ArgumentNullException.ThrowIfNull(statisticByLevel);
        if (!(densePeak > 0) || !double.IsFinite(densePeak))
            throw new RewindUserException($"optimizer.lr: {Num(densePeak)} is not a usable peak learning rate; it must be a finite number > 0.");
        if (!(minFactor > 0) || !double.IsFinite(minFactor))
            throw new RewindUserException($"peak.min_factor: {Num(minFactor)} is not allowed; it must be a finite number > 0.");
        if (!(maxFactor >= minFactor) || !double.IsFinite(maxFactor))
            throw new RewindUserException(
                $"peak.max_factor: {Num(maxFactor)} is not allowed; it must be a finite number ≥ peak.min_factor ({Num(minFactor)}).");
        DensePeak = densePeak;
        MinFactor = minFactor;
        MaxFactor = maxFactor;
        _statistics = [.. statisticByLevel];
    }

    /// <summary>η_0, the dense level's peak.</summary>
    public double DensePeak { get; }

    /// <summary>Lower bound of the factor.</summary>
    public double MinFactor { get; }

    /// <summary>Upper bound of the factor.</summary>
    public double MaxFactor { get; }

    /// <summary>
    /// The peak of level <paramref name="level"/>: η_0 at level 0, else η_0 times <see cref="Factor"/>. Needs the
    /// statistics of levels 0..level−1 (an <see cref="InvalidOperationException"/> otherwise: the caller records them).
    /// </summary>
    public double Peak(int level)
    {
        if (level < 0) throw new ArgumentOutOfRangeException(nameof(level), level, "Levels count from 0 (dense).");
        if (level == 0) return DensePeak;
        if (_statistics.Length < level)
            throw new InvalidOperationException($"The adaptive peak of level {level} needs the statistics of levels 0..{level - 1}; only {_statistics.Length} recorded.");
        return DensePeak * Factor(_statistics[0], _statistics[level - 1], MinFactor, MaxFactor);
    }

    /// <summary>
    /// <c>clamp(√(reference / latest), min, max)</c>; a latest value of 0 (no gradient left) gives the maximum. Statistics
    /// that are negative or not numbers (not measured for this model) are a <see cref="RewindUserException"/>.
    /// </summary>
    public static double Factor(double reference, double latest, double minFactor, double maxFactor)
    {
        if (!(reference >= 0) || !double.IsFinite(reference) || !(latest >= 0) || !double.IsFinite(latest))
            throw new RewindUserException(
                $"peak.statistic: the recorded statistic is {Num(reference)} at level 0 and {Num(latest)} now; the adaptive peak needs " +
                "finite values ≥ 0. The activation statistic is only measured for models whose layers run through module hooks " +
                "(the fully connected family); use peak.statistic gradient for other models.");
        if (latest == 0) return maxFactor;
        return Math.Clamp(Math.Sqrt(reference / latest), minFactor, maxFactor);
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
