using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

public sealed class BatchesTests
{
    [Theory]
    [InlineData(10, 5, 2)]
    [InlineData(11, 5, 3)]
    [InlineData(1, 128, 1)]
    [InlineData(60000, 128, 469)]
    [InlineData(0, 4, 0)]
    public void Batches_per_epoch_rounds_up(long count, int batchSize, long expected)
    {
        Assert.Equal(expected, Batches.BatchesPerEpoch(count, batchSize));
    }

    [Fact]
    public void Epoch_permutation_is_a_permutation_reproduced_by_the_same_seed_level_and_epoch()
    {
        using Tensor a = Batches.EpochPermutation(1000, seed: 7, level: 2, epoch: 3);
        using Tensor b = Batches.EpochPermutation(1000, seed: 7, level: 2, epoch: 3);
        using Tensor sorted = a.sort().Values;
        using Tensor range = torch.arange(1000L);

        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.True(Same.Tensors(sorted, range));
        Assert.True(Same.Tensors(a, b));
    }

    [Fact]
    public void Epoch_permutation_does_not_depend_on_other_random_draws()
    {
        torch.manual_seed(1);
        using Tensor a = Batches.EpochPermutation(500, seed: 7, level: 0, epoch: 0);
        using Tensor noise = torch.randn(100);
        using Tensor b = Batches.EpochPermutation(500, seed: 7, level: 0, epoch: 0);

        Assert.True(Same.Tensors(a, b));
    }

    [Theory]
    [InlineData(7, 2, 4)] // next epoch
    [InlineData(7, 3, 3)] // next level
    [InlineData(8, 2, 3)] // other seed
    [InlineData(7, 3, 2)] // level and epoch swapped
    public void Epoch_permutation_differs_when_seed_level_or_epoch_differs(int seed, int level, int epoch)
    {
        using Tensor reference = Batches.EpochPermutation(1000, seed: 7, level: 2, epoch: 3);
        using Tensor other = Batches.EpochPermutation(1000, seed, level, epoch);

        Assert.False(Same.Tensors(reference, other));
    }

    [Fact]
    public void Take_returns_the_rows_named_by_the_permutation_and_keeps_the_short_last_batch()
    {
        using var scope = torch.NewDisposeScope();
        // Row i of the inputs is filled with i, and label i is 100 + i, so each row says which example it is.
        var inputs = torch.arange(10f).unsqueeze(1).expand(10, 3).contiguous();
        var labels = torch.arange(100L, 110L);
        using var ds = new Dataset("test", 110, [3], inputs.clone(), labels.clone(), inputs.clone(), labels.clone(), "test");
        var perm = torch.tensor(new long[] { 9, 2, 5, 0, 7, 1, 8, 3, 6, 4 });

        var (x1, y1) = Batches.Take(ds, perm, batchIndex: 1, batchSize: 4);
        var (x2, y2) = Batches.Take(ds, perm, batchIndex: 2, batchSize: 4);

        Assert.Equal([4L, 3], x1.shape);
        Assert.Equal([7f, 7, 7, 1, 1, 1, 8, 8, 8, 3, 3, 3], x1.data<float>().ToArray());
        Assert.Equal([107L, 101, 108, 103], y1.data<long>().ToArray());
        Assert.Equal([2L, 3], x2.shape);
        Assert.Equal([106L, 104], y2.data<long>().ToArray());
    }

    [Fact]
    public void Take_past_the_last_batch_is_rejected()
    {
        using var ds = SyntheticData.Classification(seed: 0, trainCount: 10, testCount: 2, features: 2, classes: 2);
        using Tensor perm = Batches.EpochPermutation(10, 0, 0, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Take(ds, perm, batchIndex: 3, batchSize: 4));
    }
}
