using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

public sealed class StatisticsTests
{
    [Fact]
    public void Mean_of_one_to_four_is_two_and_a_half() =>
        Assert.Equal(2.5, Statistics.Mean([1.0, 2.0, 3.0, 4.0]));

    [Fact]
    public void Mean_of_identical_values_is_that_value_exactly() =>
        // A naive sum gives 0.8000000000000002 here; densities of one level are identical across seeds.
        Assert.Equal(0.8, Statistics.Mean([0.8, 0.8, 0.8]));

    [Fact]
    public void Mean_propagates_nan_and_infinity()
    {
        Assert.True(double.IsNaN(Statistics.Mean([0.9, double.NaN])));
        Assert.Equal(double.PositiveInfinity, Statistics.Mean([double.PositiveInfinity, double.PositiveInfinity]));
    }

    [Fact]
    public void Standard_deviation_uses_n_minus_one() =>
        // sqrt(((1.5² + 0.5²) * 2) / 3) = sqrt(5/3); the population formula would give sqrt(5/4) = 1.118.
        Assert.Equal(1.2909944487358056, Statistics.StandardDeviation([1.0, 2.0, 3.0, 4.0]), 15);

    [Fact]
    public void Student_t_quantile_matches_tables() =>
        Assert.Equal(3.182446305284263, Statistics.StudentT975(3), 12);

    [Fact]
    public void Confidence_interval_of_one_to_four_has_t3_half_width()
    {
        var e = Statistics.ConfidenceInterval95([1.0, 2.0, 3.0, 4.0]);

        Assert.Equal(2.5, e.Mean);
        Assert.Equal(1.2909944487358056, e.Std, 15);
        Assert.Equal(2.054260256760879, e.HalfWidth, 12); // 3.182446305284263 * 1.2909944487358056 / 2
        Assert.Equal(4, e.Count);
        Assert.Equal(2.5 - 2.054260256760879, e.Lower, 12);
        Assert.Equal(2.5 + 2.054260256760879, e.Upper, 12);
    }

    [Fact]
    public void Confidence_interval_of_two_seeds_uses_t_with_one_degree_of_freedom()
    {
        var e = Statistics.ConfidenceInterval95([0.90, 0.92]);

        Assert.Equal(0.91, e.Mean, 15);
        Assert.Equal(0.12706204736174703, e.HalfWidth, 12); // t(1) = 12.7062 times s/√2 = 0.01
        Assert.True(e.HasInterval);
    }

    [Fact]
    public void One_seed_gives_no_interval()
    {
        var e = Statistics.ConfidenceInterval95([0.87]);

        Assert.Equal(new Estimate(0.87, 0, 0, 1), e);
        Assert.False(e.HasInterval);
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Statistics.Mean([]));
        Assert.Throws<ArgumentException>(() => Statistics.StandardDeviation([]));
        Assert.Throws<ArgumentException>(() => Statistics.ConfidenceInterval95([]));
    }

    [Theory]
    [InlineData(0.90, 0.01, 0.92, 0.01, true)]   // touching intervals count as overlapping
    [InlineData(0.90, 0.01, 0.915, 0.01, true)]
    [InlineData(0.90, 0.01, 0.93, 0.01, false)]
    [InlineData(0.93, 0.01, 0.90, 0.01, false)]
    public void Intervals_overlap_when_they_share_a_point(double m1, double h1, double m2, double h2, bool overlap)
    {
        var a = new Estimate(m1, 0, h1, 3);
        var b = new Estimate(m2, 0, h2, 3);

        Assert.Equal(overlap, a.Overlaps(b));
        Assert.Equal(overlap, b.Overlaps(a));
    }
}
