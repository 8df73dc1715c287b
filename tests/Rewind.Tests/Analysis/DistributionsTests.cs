using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

public sealed class DistributionsTests
{
    [Theory]
    [InlineData(1L, 1)]
    [InlineData(2L, 2)]
    [InlineData(10L, 5)]
    [InlineData(100L, 8)]
    [InlineData(1000L, 11)]
    [InlineData(1024L, 11)]
    [InlineData(1025L, 12)]
    [InlineData(269_722L, 20)]
    [InlineData(920_064L, 21)]
    [InlineData(20_000_000L, 26)]
    [InlineData((1L << 50) + 1, 52)]
    public void Sturges_bins_are_ceil_log2_n_plus_one_exactly(long n, int bins)
    {
        // 2^50 + 1 rounds to 2^50 in a double log2, which would give 51.
        Assert.Equal(bins, Distributions.SturgesBins(n));
    }

    [Fact]
    public void Sturges_needs_at_least_one_value()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Distributions.SturgesBins(0));
    }

    [Fact]
    public void Histogram_splits_min_to_max_into_equal_bins_with_the_maximum_in_the_last()
    {
        var h = Distributions.Histogram([0, 1, 2, 3, 4], 2);
        Assert.Equal([0.0, 2.0, 4.0], h.Edges);
        Assert.Equal([2L, 3L], h.Counts);
        Assert.Equal(2, h.Bins);
        Assert.Equal(5, h.Total);
    }

    [Fact]
    public void Histogram_puts_values_on_an_inner_edge_into_the_bin_to_its_right_despite_rounding()
    {
        // (0.3 − 0)/0.1 = 2.9999999999999996 and 0.1·2 = 0.2: NumPy gives [1, 1, 2].
        Assert.Equal([1L, 1L, 2L], Distributions.Histogram([0, 0.1, 0.2, 0.3], 3).Counts);
        Assert.Equal([1L, 1L, 2L], Distributions.Histogram([0, 1, 2, 3], 3).Counts);
    }

    [Fact]
    public void Histogram_of_equal_values_spans_the_value_plus_minus_a_half()
    {
        var h = Distributions.Histogram([5, 5, 5], 3);
        Assert.Equal(4.5, h.Edges[0]);
        Assert.Equal(5.5, h.Edges[3]);
        Assert.Equal([0L, 3L, 0L], h.Counts);
    }

    [Fact]
    public void Histogram_with_Sturges_bins_counts_every_value_once_and_touches_both_ends()
    {
        var rng = new Random(7);
        var values = new double[1000];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextDouble() * 0.04 - 0.02;
        var h = Distributions.Histogram(values, Distributions.SturgesBins(values.Length));
        Assert.Equal(11, h.Bins);
        Assert.Equal(1000, h.Total);
        Assert.True(h.Counts[0] > 0 && h.Counts[^1] > 0);
        Assert.Equal(values.Min(), h.Edges[0]);
        Assert.Equal(values.Max(), h.Edges[^1]);
    }

    [Fact]
    public void Histogram_rejects_empty_or_non_finite_input_and_zero_bins()
    {
        Assert.Throws<ArgumentException>(() => Distributions.Histogram([], 3));
        Assert.Throws<ArgumentException>(() => Distributions.Histogram([1, double.NaN], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Distributions.Histogram([1, 2], 0));
    }

    [Fact]
    public void Mean_squared_activation_averages_over_samples_and_units()
    {
        Assert.Equal(3.5, Distributions.MeanSquaredActivation(new double[,] { { 1, 2 }, { 3, 0 } }));
    }

    [Fact]
    public void Mean_squared_weight_change_averages_over_the_active_weights_only()
    {
        double ewg = Distributions.MeanSquaredWeightChange([1, 2, 0, 3], [1.5, 1, 0, 3], [true, true, false, true]);
        Assert.Equal(0.416667, ewg, 5e-7);
        Assert.Equal(1.25 / 3, ewg, 1e-15);
    }

    [Fact]
    public void Mean_squared_weight_change_ignores_whatever_happens_to_pruned_weights()
    {
        double ewg = Distributions.MeanSquaredWeightChange([1, 2, 0, 3], [1.5, 1, 9, 3], [true, true, false, true]);
        Assert.Equal(1.25 / 3, ewg, 1e-15);
    }

    [Fact]
    public void Mean_squared_weight_change_needs_matching_lengths_and_an_active_weight()
    {
        Assert.Throws<ArgumentException>(() => Distributions.MeanSquaredWeightChange([1, 2], [1], [true, true]));
        Assert.Throws<ArgumentException>(() => Distributions.MeanSquaredWeightChange([1], [2], [false]));
        Assert.Throws<ArgumentException>(() => Distributions.MeanSquaredActivation(new double[0, 3]));
    }
}
