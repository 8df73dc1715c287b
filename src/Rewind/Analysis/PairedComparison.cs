using MathNet.Numerics.Distributions;

namespace Rewind.Analysis;

/// <summary>
/// Comparisons of two arms that share seeds (common random numbers: same initialisation, same data order): the
/// seed-wise differences a − b, their mean with the paired-t 95% interval and two-sided p-value, and Holm's correction
/// across several such comparisons (e.g. the levels of a study). Pure functions.
/// </summary>
public static class PairedComparison
{
    /// <summary>
    /// The paired difference of <paramref name="a"/> and <paramref name="b"/> (the same seeds in the same order): mean of
    /// aᵢ − bᵢ, its paired-t 95% interval and the two-sided p-value of "mean difference = 0". Pairs with a non-finite
    /// value are left out; fewer than two pairs give no interval (p = NaN).
    /// </summary>
    public static PairedDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"Paired values need equal counts ({a.Count} vs {b.Count}).", nameof(b));
        var d = a.Zip(b, (x, y) => x - y).Where(double.IsFinite).ToArray();
        if (d.Length == 0) return new PairedDifference(new Estimate(double.NaN, double.NaN, double.NaN, 0), double.NaN, double.NaN);
        var estimate = Statistics.ConfidenceInterval95(d);
        if (d.Length < 2) return new PairedDifference(estimate, double.NaN, double.NaN);
        double se = estimate.Std / Math.Sqrt(d.Length);
        double t = se == 0 ? (estimate.Mean == 0 ? 0 : double.PositiveInfinity * Math.Sign(estimate.Mean)) : estimate.Mean / se;
        double p = double.IsInfinity(t) ? 0 : 2 * (1 - StudentT.CDF(0, 1, d.Length - 1, Math.Abs(t)));
        return new PairedDifference(estimate, t, p);
    }

    /// <summary>
    /// Holm's step-down correction at family-wise level <paramref name="alpha"/>: sort the p-values ascending, reject the
    /// i-th (1-based) while p₍ᵢ₎ ≤ α/(m − i + 1), stop at the first that is not. Returns, per input, whether it is rejected
    /// and its Holm-adjusted p-value (max over j ≤ i of (m − j + 1)·p₍ⱼ₎, capped at 1). NaN p-values are never rejected.
    /// </summary>
    public static IReadOnlyList<(bool Rejected, double Adjusted)> Holm(IReadOnlyList<double> pValues, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count(double.IsFinite);
        var order = Enumerable.Range(0, pValues.Count).Where(i => double.IsFinite(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var result = Enumerable.Repeat((false, double.NaN), pValues.Count).ToArray();
        double running = 0;
        bool stillRejecting = true;
        for (int rank = 0; rank < order.Length; rank++)
        {
            double p = pValues[order[rank]];
            running = Math.Max(running, Math.Min(1, (m - rank) * p));
            stillRejecting &= p <= alpha / (m - rank);
            result[order[rank]] = (stillRejecting, running);
        }
        return result;
    }
}

/// <summary>A paired difference a − b over seeds (<see cref="PairedComparison.Of"/>).</summary>
/// <param name="Difference">Mean difference with its paired-t 95% interval (<see cref="Estimate.Count"/> pairs).</param>
/// <param name="T">The t statistic (NaN with fewer than two pairs).</param>
/// <param name="P">Two-sided p-value of "no difference" (NaN with fewer than two pairs).</param>
public sealed record PairedDifference(Estimate Difference, double T, double P)
{
    /// <summary>+1 when the interval lies above 0, −1 below, 0 when it contains 0 (or there is no interval).</summary>
    public int Direction => !Difference.HasInterval ? 0 : Difference.Lower > 0 ? 1 : Difference.Upper < 0 ? -1 : 0;
}
