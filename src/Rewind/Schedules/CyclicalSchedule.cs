namespace Rewind.Schedules;

/// <summary>
/// Smith's (2017) triangular cyclical learning rate, Paper B's "cyclical LR (a, b, c)" (Table 1, ALGORITHMS §6.3):
/// with <c>t</c> = the 0-based step, <c>cyc = ⌊1 + t/(2c)⌋</c>, <c>x = |t/c − 2·cyc + 1|</c>,
/// <c>lr = a + (b − a)·max(0, 1 − x)</c>, where <c>a</c> is the low end and <c>b</c> the level's peak.
/// </summary>
/// <remarks>Smith counts iterations from 0, so the level starts at the low end (§8.7: t = 0 → a, t = c → b).</remarks>
public sealed class CyclicalSchedule : IStepSchedule
{
    /// <summary>Creates a triangle between <paramref name="low"/> and the peak with half-period <paramref name="halfPeriod"/> steps (Paper B's a and c).</summary>
    public CyclicalSchedule(double low, long halfPeriod)
    {
        if (!(low >= 0) || !double.IsFinite(low))
            throw new ArgumentOutOfRangeException(nameof(low), low, "The low end of the cycle is a finite number ≥ 0.");
        if (halfPeriod <= 0)
            throw new ArgumentOutOfRangeException(nameof(halfPeriod), halfPeriod, "The half-period is at least one step.");
        Low = low;
        HalfPeriod = halfPeriod;
    }

    /// <summary>The low end of the triangle (Paper B's a).</summary>
    public double Low { get; }

    /// <summary>Steps from the low end to the peak (Smith's step size, Paper B's c).</summary>
    public long HalfPeriod { get; }

    /// <summary>Returns Smith's triangular LR at 0-based step <paramref name="step"/> (Paper B Table 1, cyclical LR).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        double t = step;
        double c = HalfPeriod;
        double cycle = Math.Floor(1 + t / (2 * c));
        double x = Math.Abs(t / c - 2 * cycle + 1);
        return Low + (peak - Low) * Math.Max(0.0, 1 - x);
    }
}
