using Rewind.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

public class ExactSelectionTests
{
    private static bool[] Keep(float[] scores, long k)
    {
        using var s = tensor(scores);
        using var keep = ExactSelection.KeepMask(s, k);
        return keep.data<bool>().ToArray();
    }

    [Fact]
    public void Prunes_exactly_k_lowest_scores()
    {
        Assert.Equal(new[] { true, false, true, false, true }, Keep([5, 1, 4, 2, 3], 2));
    }

    [Fact]
    public void Ties_at_the_threshold_are_broken_by_flat_index_so_the_count_is_exact()
    {
        // Four entries tie at 1; pruning 3 takes the three with the lowest indices.
        Assert.Equal(new[] { false, false, false, true, true }, Keep([1, 1, 1, 1, 9], 3));
        Assert.Equal(new[] { true, false, false, true, false }, Keep([2, 1, 1, 2, 0], 3));
    }

    [Fact]
    public void Already_pruned_entries_marked_minus_infinity_are_pruned_first()
    {
        Assert.Equal(new[] { false, true, false, true }, Keep([float.NegativeInfinity, 0.5f, 0.1f, 0.7f], 2));
    }

    [Fact]
    public void Zero_and_full_counts_keep_everything_or_nothing()
    {
        Assert.All(Keep([3, 2, 1], 0), Assert.True);
        Assert.All(Keep([3, 2, 1], 3), Assert.False);
    }
}
