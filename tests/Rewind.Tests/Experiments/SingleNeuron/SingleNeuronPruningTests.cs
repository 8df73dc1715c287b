using Rewind.Experiments.SingleNeuron;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronPruningTests
{
    [Fact]
    public void Default_keep_fraction_is_the_cube_root_of_one_tenth()
    {
        Assert.Equal(0.4641588833612779, SingleNeuronPruning.DefaultKeepPerLevel, 1e-15);
        Assert.Equal(0.1, Math.Pow(SingleNeuronPruning.DefaultKeepPerLevel, 3), 1e-15);
    }

    [Theory]
    [InlineData(10, new[] { 5, 3, 1 })]
    [InlineData(5, new[] { 3, 2, 1 })]
    [InlineData(2, new[] { 1, 1, 1 })]
    [InlineData(1, new[] { 1, 1, 1 })]
    [InlineData(20, new[] { 10, 5, 1 })]
    public void Kept_counts_follow_the_int_rule_and_end_with_one_input(int inputs, int[] expected) =>
        Assert.Equal(expected, SingleNeuronPruning.KeptCounts(inputs, 3, SingleNeuronPruning.DefaultKeepPerLevel));

    [Fact]
    public void Int_rule_alone_already_leaves_one_of_ten_inputs_in_IEEE_double()
    {
        // k_3 = (int)((1 − r³)·10): r³ = 0.10000000000000002, but 1 − r³ rounds to 0.9 and 0.9·10 to 9.0 exactly.
        double r3 = Math.Pow(SingleNeuronPruning.DefaultKeepPerLevel, 3);
        Assert.Equal(9, (int)((1.0 - r3) * 10));
        Assert.Equal(7, (int)((1.0 - Math.Pow(SingleNeuronPruning.DefaultKeepPerLevel, 2)) * 10));
        Assert.Equal(5, (int)((1.0 - SingleNeuronPruning.DefaultKeepPerLevel) * 10));
    }

    [Fact]
    public void Pruning_ten_inputs_keeps_5_then_3_then_1_largest_magnitudes()
    {
        double[] w = [0.9, -0.05, 0.3, -0.8, 0.01, 0.6, -0.2, 0.4, 0.02, -0.7];
        bool[] mask = Enumerable.Repeat(true, 10).ToArray();
        var counts = SingleNeuronPruning.KeptCounts(10, 3, SingleNeuronPruning.DefaultKeepPerLevel);
        var kept = new List<int[]>();
        foreach (int keep in counts)
        {
            mask = SingleNeuronPruning.Prune(w, mask, keep);
            kept.Add(Enumerable.Range(0, 10).Where(j => mask[j]).ToArray());
        }

        Assert.Equal([0, 3, 5, 7, 9], kept[0]);
        Assert.Equal([0, 3, 9], kept[1]);
        Assert.Equal([0], kept[2]);
    }

    [Fact]
    public void Ties_keep_the_lower_index_and_pruned_inputs_stay_pruned()
    {
        double[] w = [0.5, -0.5, 0.5, 2.0];
        bool[] mask = [true, true, true, false];
        var next = SingleNeuronPruning.Prune(w, mask, 2);
        Assert.Equal([true, true, false, false], next);
    }

    [Fact]
    public void Keeping_more_inputs_than_are_left_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleNeuronPruning.Prune([1.0, 2.0], [true, false], 2));
}
