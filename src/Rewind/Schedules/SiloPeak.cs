using System.Globalization;

namespace Rewind.Schedules;

/// <summary>
/// SILO's growing peak learning rate (Paper B Eq. 3 with the corrected Algorithm 1, ALGORITHMS §6.1): ε for the first
/// q levels, then <c>δ / (1 + (γ/(1−γ))^(−β)) + ε</c> with <c>γ = 1 − (1−p)^(m−q)</c>, an S-curve from ε to ε + δ.
/// </summary>
public sealed class SiloPeak : IPeakSchedule
{
    /// <summary>Creates SILO's peak schedule; throws <see cref="RewindUserException"/> for parameters outside Eq. 3's domain.</summary>
    public SiloPeak(double epsilon, double delta, double pruningRate, int q, double beta)
    {
        ValidateParameters(epsilon, delta, pruningRate, q, beta);
        Epsilon = epsilon;
        Delta = delta;
        PruningRate = pruningRate;
        Q = q;
        Beta = beta;
    }

    /// <summary>ε: the peak of the dense network and of the first q levels (Paper B Eq. 3).</summary>
    public double Epsilon { get; }

    /// <summary>δ: the total growth, so the peak tends to ε + δ (Paper B Eq. 3).</summary>
    public double Delta { get; }

    /// <summary>p: the fraction of the remaining weights pruned per level (Paper B: 0.2).</summary>
    public double PruningRate { get; }

    /// <summary>q: the number of levels after the dense one before the peak starts to grow (Paper B: 1).</summary>
    public int Q { get; }

    /// <summary>β: the steepness of the S-curve (Paper B: 5).</summary>
    public double Beta { get; }

    /// <summary>Returns <see cref="MaxLr"/> at level <paramref name="level"/> (Paper B Eq. 3).</summary>
    public double Peak(int level) => MaxLr(level, Epsilon, Delta, PruningRate, Q, Beta);

    /// <summary>
    /// SILO's max_lr at level <paramref name="m"/> (completed pruning steps, 0 = dense), Paper B Eq. 3 / corrected
    /// Algorithm 1: ε if m ≤ q; ε + δ if γ ≥ 1 (the formula's limit); else <c>δ/(1 + (γ/(1−γ))^(−β)) + ε</c>.
    /// </summary>
    public static double MaxLr(int m, double epsilon, double delta, double pruningRate, int q, double beta)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "Levels count from 0 (dense).");
        ValidateParameters(epsilon, delta, pruningRate, q, beta);
        if (m <= q) return epsilon;
        double gamma = 1 - Math.Pow(1 - pruningRate, m - q);
        if (gamma >= 1) return epsilon + delta;
        return delta / (1 + Math.Pow(gamma / (1 - gamma), -beta)) + epsilon;
    }

    private static void ValidateParameters(double epsilon, double delta, double pruningRate, int q, double beta)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw Bad("ε (epsilon, the dense network's peak LR)", epsilon, "a finite number > 0");
        if (!(delta >= 0) || !double.IsFinite(delta))
            throw Bad("δ (delta, the growth of the peak LR)", delta, "a finite number ≥ 0");
        if (!(pruningRate > 0 && pruningRate < 1))
            throw Bad("p (pruning rate, fraction of the remaining weights pruned per level)", pruningRate, "a number strictly between 0 and 1");
        if (q < 0)
            throw Bad("q (levels without growth after the dense one)", q, "an integer ≥ 0");
        if (!(beta > 0) || !double.IsFinite(beta))
            throw Bad("β (beta, steepness of the S-curve)", beta, "a finite number > 0");
    }

    private static RewindUserException Bad(string what, double value, string allowed) =>
        new($"SILO {what} is {value.ToString("R", CultureInfo.InvariantCulture)}; it must be {allowed} (Paper B Eq. 3).");
}
