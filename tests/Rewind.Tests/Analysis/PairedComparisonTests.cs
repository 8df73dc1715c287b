using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

/// <summary>Paired differences and Holm's correction against hand-computed values.</summary>
public sealed class PairedComparisonTests
{
    [Fact]
    public void Paired_difference_has_the_t_interval_of_the_seedwise_differences()
    {
        // d = 0.5, 0.3, 0.7, 0.5: mean 0.5, s = sqrt(0.08/3) = 0.163299, se = 0.0816497, t = 6.1237, t_0.975,3 = 3.182446.
        var r = PairedComparison.Of([90.5, 90.3, 90.7, 90.5], [90, 90, 90, 90]);
        Assert.Equal(0.5, r.Difference.Mean, 12);
        Assert.Equal(Math.Sqrt(0.08 / 3), r.Difference.Std, 12);
        Assert.Equal(3.182446305 * Math.Sqrt(0.08 / 3) / 2, r.Difference.HalfWidth, 8);
        Assert.Equal(6.123724357, r.T, 8);
        // Two-sided, 3 degrees of freedom: F(t) = ½ + (1/π)(x/(1+x²) + atan x), x = t/√3 → p = 0.0087544.
        Assert.Equal(0.0087544, r.P, 6);
        Assert.Equal(1, r.Direction);
        // Unpaired, the same numbers would give overlapping intervals; paired, the common offset cancels.
        var noisy = PairedComparison.Of([91.5, 89.3, 92.7, 88.5], [91, 89, 92, 88]);
        Assert.Equal(1, noisy.Direction);
    }

    [Fact]
    public void Holm_rejects_step_down_and_adjusts_p_values()
    {
        // p = 0.01, 0.04, 0.03, 0.005 at α 0.05: sorted 0.005 (≤ 0.0125 ✓), 0.01 (≤ 0.01667 ✓), 0.03 (≤ 0.025 ✗) stop.
        var h = PairedComparison.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([true, false, false, true], h.Select(x => x.Rejected));
        Assert.Equal(0.03, h[0].Adjusted, 12);  // max(4·0.005, 3·0.01)
        Assert.Equal(0.06, h[2].Adjusted, 12);  // 2·0.03
        Assert.Equal(0.06, h[1].Adjusted, 12);  // max(0.06, 1·0.04)
        Assert.Equal(0.02, h[3].Adjusted, 12);
        Assert.False(PairedComparison.Holm([double.NaN, 0.001])[0].Rejected);
        Assert.True(PairedComparison.Holm([double.NaN, 0.001])[1].Rejected);
    }

    [Fact]
    public void One_pair_gives_no_interval_and_no_verdict()
    {
        var r = PairedComparison.Of([1.0], [0.5]);
        Assert.Equal(0.5, r.Difference.Mean);
        Assert.True(double.IsNaN(r.P));
        Assert.Equal(0, r.Direction);
    }
}
