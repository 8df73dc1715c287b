using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

/// <summary>Paper A's sign and mask statistics on hand-computed cases (ALGORITHMS §5.6).</summary>
public sealed class SignStatisticsTests
{
    [Fact]
    public void Flips_count_only_alive_weights_whose_sign_differs()
    {
        sbyte[] a = [1, -1, 1, 1, -1, 0];
        sbyte[] b = [1, 1, -1, 1, 1, 1];
        bool[] alive = [true, true, true, false, false, true];
        // index 1 (−1→1) and 2 (1→−1) flip and are alive; 4 flips but is pruned; 5 goes 0→1 and counts.
        Assert.Equal(3, SignStatistics.Flips(a, b, alive));
        Assert.Equal(0, SignStatistics.Flips(a, a, alive));
    }

    [Fact]
    public void Stabilisation_level_and_switch_counts_follow_a_three_level_toy_history()
    {
        sbyte[] init = [1, 1, -1, 1];
        var levels = new List<sbyte[]>
        {
            new sbyte[] { 1, -1, -1, -1 }, // level 0: w1 flips, w3 flips
            new sbyte[] { 1, 1, -1, -1 },  // level 1: w1 flips back
            new sbyte[] { 1, 1, 1, -1 },   // level 2: w2 flips
        };
        bool[] alive = [true, true, true, false];
        var (last, switches) = SignStatistics.History(init, levels, alive);
        Assert.Equal([-1, 1, 2], last);      // w0 never, w1 last at level 1, w2 at level 2; w3 is pruned
        Assert.Equal([0, 2, 1], switches);
        Assert.Equal([1L, 0L, 1L, 1L], SignStatistics.Counts(last, -1, 2));
    }

    [Fact]
    public void A_mask_overlaps_itself_fully_and_its_complement_not_at_all()
    {
        bool[] m = [true, false, true, true, false];
        bool[] complement = m.Select(x => !x).ToArray();
        var self = SignStatistics.Overlap(m, m);
        Assert.Equal((1.0, 1.0), (self.Jaccard, self.OverlapCoefficient));
        var none = SignStatistics.Overlap(m, complement);
        Assert.Equal((0.0, 0.0), (none.Jaccard, none.OverlapCoefficient));
        var partial = SignStatistics.Overlap(m, [true, true, false, true, false]);
        Assert.Equal(2.0 / 4, partial.Jaccard);   // both {0, 3}, either {0, 1, 2, 3}
        Assert.Equal(2.0 / 3, partial.OverlapCoefficient);
    }

    [Fact]
    public void Sign_agreement_counts_weights_both_keep_with_the_same_sign()
    {
        sbyte[] sa = [1, -1, 1, -1];
        sbyte[] sb = [1, 1, 1, -1];
        // Both keep indices 0 and 1 only: 0 agrees (+, +), 1 does not (−, +).
        Assert.Equal(1, SignStatistics.SameSign(sa, sb, [true, true, true, false], [true, true, false, true]));
        Assert.Equal(3, SignStatistics.SameSign(sa, sb, [true, false, true, true], [true, true, true, true]));
    }
}
