using Rewind.Sparsity;

namespace Rewind.Tests.Sparsity;

public class PruningCountsTests
{
    [Fact]
    public void Percent_remaining_follows_eight_tenths_to_the_level_as_in_section_8_1()
    {
        double[] expected = [100, 80, 64, 51.2, 40.96, 32.768, 26.2144, 20.97152, 16.777216, 13.421773, 10.737418,
            8.589935, 6.871948, 5.497558, 4.398047, 3.518437, 2.81475, 2.2518, 1.80144, 1.441152, 1.152922, 0.922337,
            0.73787, 0.590296, 0.472237, 0.377789];
        for (int m = 0; m < expected.Length; m++)
            Assert.Equal(expected[m], Math.Round(100 * PruningCounts.Density(m, 0.2), 6));
    }

    [Theory]
    [InlineData(10, new long[] { 1, 3, 4, 5, 6 })]
    [InlineData(100, new long[] { 19, 35, 48, 59, 67 })]
    [InlineData(1000, new long[] { 199, 359, 487, 590, 672 })]
    [InlineData(25, new long[] { 4, 8, 12, 14, 16 })]
    [InlineData(5, new long[] { 0, 1, 2, 2, 3 })]
    [InlineData(125, new long[] { 24, 44, 60, 73, 84 })]
    public void Pruned_counts_truncate_in_ieee_double_as_in_section_8_3(long n, long[] expected)
    {
        var actual = Enumerable.Range(1, 5).Select(l => PruningCounts.PrunedCount(PruningCounts.Density(l, 0.2), n)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Remaining_after_levels_matches_the_paper_a_rule_for_1000_and_10_weights()
    {
        long[] r1000 = Enumerable.Range(0, 9).Select(l => 1000 - PruningCounts.PrunedCount(PruningCounts.Density(l, 0.2), 1000)).ToArray();
        Assert.Equal(new long[] { 1000, 801, 641, 513, 410, 328, 263, 210, 168 }, r1000);
        long[] r10 = Enumerable.Range(0, 9).Select(l => 10 - PruningCounts.PrunedCount(PruningCounts.Density(l, 0.2), 10)).ToArray();
        Assert.Equal(new long[] { 10, 9, 7, 6, 5, 4, 3, 3, 2 }, r10);
    }
}
