using MathNet.Numerics.Distributions;

namespace Rewind.Analysis;

/// <summary>Summary statistics over seeds. Pure functions; no value is filtered out (a NaN propagates).</summary>
public static class Statistics
{
    /// <summary>
    /// Arithmetic mean. Computed relative to the first value, so identical values (the density of a level across
    /// seeds) give back exactly that value. Throws <see cref="ArgumentException"/> for an empty list.
    /// </summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        RequireNonEmpty(values);
        double shift = double.IsFinite(values[0]) ? values[0] : 0;
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
            sum += values[i] - shift;
        return shift + sum / values.Count;
    }

    /// <summary>
    /// Sample standard deviation (Bessel-corrected, n − 1 in the denominator). One value has no observable spread:
    /// the result is 0. Throws <see cref="ArgumentException"/> for an empty list.
    /// </summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        RequireNonEmpty(values);
        if (values.Count == 1)
            return 0;
        double mean = Mean(values);
        double sumSquares = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double d = values[i] - mean;
            sumSquares += d * d;
        }
        return Math.Sqrt(sumSquares / (values.Count - 1));
    }

    /// <summary>The 0.975 quantile of Student's t distribution with <paramref name="degreesOfFreedom"/> ≥ 1.</summary>
    public static double StudentT975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);
    }

    /// <summary>
    /// Mean, sample standard deviation and the half-width t<sub>0.975, n−1</sub>·s/√n of the two-sided 95%
    /// confidence interval for the mean. With one value there is no interval: the half-width (and std) are 0.
    /// Throws <see cref="ArgumentException"/> for an empty list.
    /// </summary>
    public static Estimate ConfidenceInterval95(IReadOnlyList<double> values)
    {
        RequireNonEmpty(values);
        double mean = Mean(values);
        int n = values.Count;
        if (n == 1)
            return new Estimate(mean, 0, 0, 1);
        double std = StandardDeviation(values);
        double halfWidth = StudentT975(n - 1) * std / Math.Sqrt(n);
        return new Estimate(mean, std, halfWidth, n);
    }

    private static void RequireNonEmpty(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("At least one value is needed.", nameof(values));
    }
}
