using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data.Images;

/// <summary>
/// One split of an image dataset as files on disk: each example is decoded, cropped and resized on demand
/// (<see cref="ImageTransform"/>), in parallel over <see cref="DecodeThreads"/> threads, and normalised per channel.
/// This is how a <see cref="Dataset"/> streams a set too large for memory (ImageNet); decoding an example always
/// gives the same bytes, so a streamed split is interchangeable with the same split decoded once into memory.
/// </summary>
public sealed class ImageFiles
{
    // Domain tag of the per-image draw seeds (random resized crop).
    private const long DrawTag = 0x1D2A3;

    private readonly string[] _paths;
    private readonly long[] _labels;

    /// <summary>Creates a split from parallel lists of files and labels.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or a label is negative.</exception>
    public ImageFiles(IReadOnlyList<string> paths, IReadOnlyList<long> labels, ImageTransform transform, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(normalization);
        if (paths.Count != labels.Count)
            throw new ArgumentException($"{paths.Count} files but {labels.Count} labels.", nameof(labels));
        if (labels.Any(l => l < 0))
            throw new ArgumentException("Labels must not be negative.", nameof(labels));
        if (normalization.Channels != RgbImage.Channels)
            throw new ArgumentException($"Images have {RgbImage.Channels} channels; the normalisation has {normalization.Channels}.", nameof(normalization));
        _paths = paths.ToArray();
        _labels = labels.ToArray();
        Transform = transform;
        Normalization = normalization;
    }

    /// <summary>The number of examples.</summary>
    public int Count => _paths.Length;

    /// <summary>The image files, in example order.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The class labels, in example order.</summary>
    public IReadOnlyList<long> Labels => _labels;

    /// <summary>How a file becomes an example.</summary>
    public ImageTransform Transform { get; }

    /// <summary>The per-channel standardisation applied to the [0,1]-scaled pixels.</summary>
    public ChannelNormalization Normalization { get; }

    /// <summary>The shape of one example, [3, Size, Size].</summary>
    public long[] ExampleShape => [RgbImage.Channels, Transform.Size, Transform.Size];

    /// <summary>How many images are decoded at once (default: one per processor). Does not change any result.</summary>
    public int DecodeThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>The labels as an int64 tensor [Count] on the CPU (the caller disposes it).</summary>
    public Tensor LabelTensor() => torch.tensor(_labels, dtype: ScalarType.Int64);

    /// <summary>The examples at <paramref name="indices"/> as a new split (same transform and normalisation).</summary>
    public ImageFiles Select(IReadOnlyList<long> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new ImageFiles(indices.Select(i => _paths[i]).ToArray(), indices.Select(i => _labels[i]).ToArray(), Transform, Normalization)
        {
            DecodeThreads = DecodeThreads,
        };
    }

    /// <summary>The first <paramref name="count"/> examples as a new split.</summary>
    public ImageFiles First(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return Select(Enumerable.Range(0, count).Select(i => (long)i).ToArray());
    }

    /// <summary>
    /// Decodes the examples at <paramref name="indices"/> into a normalised float32 tensor [n, 3, Size, Size] on the
    /// CPU (the caller disposes it). With <paramref name="drawKey"/> (a training batch's seed) and a random crop in
    /// the transform, example i of the batch is cropped with the draw seed (drawKey, i); otherwise the evaluation
    /// transform is used.
    /// </summary>
    /// <exception cref="RewindUserException">An image cannot be read or decoded; the message names the file (the one
    /// earliest in <paramref name="indices"/> when several fail).</exception>
    public Tensor Load(IReadOnlyList<long> indices, ulong? drawKey = null)
    {
        byte[] pixels = DecodeBytes(indices, drawKey);
        return Normalization.FromBytes(pixels, [indices.Count, .. ExampleShape]);
    }

    /// <summary>The 8-bit pixels of <see cref="Load"/> before normalisation, example after example, each channel-major.</summary>
    /// <exception cref="RewindUserException">An image cannot be read or decoded.</exception>
    public byte[] DecodeBytes(IReadOnlyList<long> indices, ulong? drawKey = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = Transform.Size;
        int exampleBytes = RgbImage.Channels * size * size;
        if ((long)indices.Count * exampleBytes > Array.MaxLength)
            throw new ArgumentException($"{indices.Count} examples of {exampleBytes} bytes do not fit one buffer; decode fewer at once.", nameof(indices));
        foreach (long i in indices)
        {
            if (i < 0 || i >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside 0..{Count - 1}.");
        }

        var pixels = new byte[indices.Count * exampleBytes];
        var errors = new Exception?[indices.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, DecodeThreads) };
        Parallel.For(0, indices.Count, options, k =>
        {
            try
            {
                string path = _paths[indices[k]];
                RgbImage image = ImageDecoder.Decode(path);
                ulong? draw = drawKey is { } key ? SeedMix.Combine(DrawTag, unchecked((long)key), k) : null;
                var (box, outHeight, outWidth, window) = Transform.Plan(image.Height, image.Width, draw);
                Resampler.ResizeInto(image, box, outHeight, outWidth, window, pixels.AsSpan(k * exampleBytes, exampleBytes));
            }
            catch (Exception e)
            {
                errors[k] = e;
            }
        });

        // The first failure in example order, so the message does not depend on thread timing.
        Exception? first = errors.FirstOrDefault(e => e is not null);
        if (first is RewindUserException)
            throw first;
        if (first is not null)
            throw new InvalidOperationException($"Decoding '{_paths[indices[Array.IndexOf(errors, first)]]}' failed.", first);
        return pixels;
    }
}
