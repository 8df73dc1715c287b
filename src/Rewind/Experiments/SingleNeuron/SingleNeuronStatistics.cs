using MathNet.Numerics.Distributions;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>Mean and t-based 95 % confidence half width, mean ± t_{0.975,n−1}·s/√n (Paper A Fig. 2a error bars).</summary>
internal static class SingleNeuronStatistics
{
    /// <summary>Mean and 95 % CI half width of at least two values.</summary>
    public static (double Mean, double HalfWidth) MeanAndCi(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n < 2)
        {
            throw new ArgumentException("a confidence interval needs at least two values.", nameof(values));
        }

        double mean = values.Average();
        double ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        double sd = Math.Sqrt(ss / (n - 1));
        double t = StudentT.InvCDF(0, 1, n - 1, 0.975);
        return (mean, t * sd / Math.Sqrt(n));
    }
}
