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

public class ExactSelectionDifferentialTests
{
    private static Tensor Quantised(long[] shape, Generator g, ScalarType dtype, double steps) =>
        rand(shape, generator: g).mul_(steps).floor_().to(dtype);

    [Theory]
    [InlineData(ScalarType.Float32, 50.0, 1 << 22)]
    [InlineData(ScalarType.Float64, 50.0, 1 << 22)]
    [InlineData(ScalarType.Float32, 3.0, 10)] // huge threshold bin: narrowed by further histogram passes
    [InlineData(ScalarType.Float64, 1000.0, 10)]
    public void Radix_select_over_several_tensors_matches_kthvalue_on_the_concatenation(ScalarType dtype, double steps, long maxCandidates)
    {
        long saved = ExactSelection.MaxCandidates;
        ExactSelection.MaxCandidates = maxCandidates;
        try
        {
            using var g = new Generator(99, CPU);
            long[][] shapes = [[30, 20], [7], [5, 4, 3, 3], [1000]];
            var scores = shapes.Select(s => Quantised(s, g, dtype, steps).sub_(steps / 3)).ToList(); // negatives and zeros too
            var alive = shapes.Select(s => rand(s, generator: g).ge(0.3).to(ScalarType.Float32)).ToList();
            long n = shapes.Sum(s => s.Aggregate(1L, (a, b) => a * b));
            long dead = alive.Sum(a => a.numel() - a.count_nonzero().item<long>());
            foreach (long k in new[] { 0, 1, dead - 5, dead, dead + 1, n / 2, n - 1, n })
            {
                var fast = ExactSelection.KeepMasks(scores, alive, k);
                // Reference: dead entries below every score, then kthvalue with index-ordered ties.
                using var flat = cat(scores.Select((s, i) => s.to(ScalarType.Float64).flatten()
                    .masked_fill(alive[i].flatten().eq(0), double.NegativeInfinity)).ToList(), 0);
                using var reference = ExactSelection.KeepMaskWithKthvalue(flat, Math.Max(k, dead));
                using var joined = cat(fast.Select(f => f.flatten()).ToList(), 0);
                Assert.True(joined.eq(reference.to(ScalarType.Float32)).all().item<bool>(), $"k = {k}");
                Assert.Equal(n - Math.Max(k, dead), joined.count_nonzero().item<long>());
                foreach (var f in fast) f.Dispose();
            }
        }
        finally { ExactSelection.MaxCandidates = saved; }
    }

    [Fact]
    public void Negative_zero_ties_with_positive_zero()
    {
        using var s = tensor(new float[] { 0f, -0f, 0f, 1f });
        using var keep = ExactSelection.KeepMask(s, 2);
        Assert.Equal(new[] { false, false, true, true }, keep.data<bool>().ToArray());
    }

    [Fact]
    public void A_nan_score_of_a_live_entry_is_refused_but_a_dead_one_is_ignored()
    {
        using var s = tensor(new float[] { float.NaN, 1f, 2f });
        Assert.Throws<InvalidOperationException>(() => ExactSelection.KeepMasks([s], null, 1));
        using var alive = tensor(new float[] { 0f, 1f, 1f });
        var keep = ExactSelection.KeepMasks([s], [alive], 2);
        Assert.Equal(new float[] { 0, 0, 1 }, keep[0].data<float>().ToArray());
    }
}
