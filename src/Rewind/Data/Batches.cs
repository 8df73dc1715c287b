using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>Seeded per-epoch shuffling and mini-batch extraction from in-memory tensors.</summary>
public static class Batches
{
    // Domain tag: keeps the augmentation stream independent of the permutation stream for the same (seed, level, epoch).
    private const long AugmentationTag = 0xA06;

    // Domain tag of the draws made while decoding a streamed batch (random resized crops).
    private const long DecodeTag = 0xDEC0DE;

    /// <summary>The number of mini-batches in one epoch of <paramref name="count"/> examples (ceil; the short last batch is kept).</summary>
    public static long BatchesPerEpoch(long count, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return (count + batchSize - 1) / batchSize;
    }

    /// <summary>The example order of one epoch: an int64 permutation of 0..count-1 that depends only on
    /// (<paramref name="seed"/>, <paramref name="level"/>, <paramref name="epoch"/>), so a resumed run replays the exact order.</summary>
    public static Tensor EpochPermutation(long count, int seed, int level, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(seed, level, epoch)));
        return torch.randperm(count, generator: g);
    }

    /// <summary>
    /// The training batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/> of level <paramref name="level"/>,
    /// as the trainer sees it: the rows of <see cref="Take(Dataset, Tensor, long, int)"/>, then, when the dataset carries
    /// an <see cref="Dataset.Augmentation"/>, augmented with random draws that depend only on (<paramref name="seed"/>,
    /// <paramref name="level"/>, <paramref name="epoch"/>, <paramref name="batchIndex"/>), so a resumed run sees the
    /// same pixels bit for bit. A streamed dataset decodes the batch's files here; its random resized crops, if its
    /// transform has them, are drawn from the same (seed, level, epoch, batch) in a separate stream, and only when the
    /// dataset is augmented at all. The caller disposes the two tensors.
    /// </summary>
    public static (Tensor Inputs, Tensor Labels) Take(Dataset ds, Tensor permutation, long batchIndex, int batchSize,
        int seed, int level, int epoch)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ulong? drawKey = ds.IsStreamed && ds.Augmentation is not null
            ? SeedMix.Combine(DecodeTag, seed, level, epoch, batchIndex)
            : null;
        var (inputs, labels) = Gather(ds, permutation, batchIndex, batchSize, drawKey);
        if (ds.Augmentation is null)
        {
            return (inputs, labels);
        }

        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(AugmentationTag, seed, level, epoch, batchIndex)));
        using (inputs)
        {
            return (ds.Augmentation.Apply(inputs, g), labels);
        }
    }

    /// <summary>The training batch <paramref name="batchIndex"/> of an epoch, never augmented: rows permutation[b*size .. (b+1)*size) of the
    /// training inputs and labels, gathered with <c>index_select</c>.</summary>
    /// <remarks>The last batch of an epoch is shorter when the count is not a multiple of the batch size; it is kept
    /// (not dropped), so every example is seen once per epoch. A streamed dataset decodes the rows' files with its
    /// evaluation transform. The caller disposes the two tensors.</remarks>
    public static (Tensor Inputs, Tensor Labels) Take(Dataset ds, Tensor permutation, long batchIndex, int batchSize) =>
        Gather(ds, permutation, batchIndex, batchSize, null);

    private static (Tensor Inputs, Tensor Labels) Gather(Dataset ds, Tensor permutation, long batchIndex, int batchSize, ulong? drawKey)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(permutation);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long count = permutation.shape[0];
        if (permutation.dim() != 1 || count != ds.TrainCount)
        {
            throw new ArgumentException(
                $"The permutation has shape [{string.Join(", ", permutation.shape)}] but the dataset has {ds.TrainCount} training examples.",
                nameof(permutation));
        }

        long batches = BatchesPerEpoch(count, batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, batches);

        long start = batchIndex * batchSize;
        long length = Math.Min(batchSize, count - start);
        using var scope = torch.NewDisposeScope();
        var index = permutation.narrow(0, start, length);
        if (ds.TrainImages is { } files)
        {
            using var cpuIndex = index.cpu();
            var decoded = ds.Decoded(files, cpuIndex.data<long>().ToArray(), drawKey);
            if (index.device_type != ds.Device.type) index = index.to(ds.Device);
            return (decoded.MoveToOuterDisposeScope(), ds.TrainLabels.index_select(0, index).MoveToOuterDisposeScope());
        }

        if (index.device_type != ds.TrainInputs.device_type)
        {
            index = index.to(ds.TrainInputs.device);
        }

        var inputs = ds.TrainInputs.index_select(0, index);
        var labels = ds.TrainLabels.index_select(0, index);
        return (inputs.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
