using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>Per-channel input standardisation of colour images: pixels scaled to [0,1], then (x − Mean[c]) / Std[c]
/// for channel c (torchvision's <c>ToTensor()</c> followed by <c>Normalize(mean, std)</c>).</summary>
public sealed class ChannelNormalization
{
    /// <summary>Creates a normalisation from one mean and one standard deviation per channel.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, or a standard deviation is not positive.</exception>
    public ChannelNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Need one mean and one std per channel; got {mean.Count} means and {std.Count} stds.");
        }

        if (std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Every standard deviation must be positive.", nameof(std));
        }

        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>CIFAR-10's conventional statistics as Paper A's code uses them (ALGORITHMS.md §5.1):
    /// mean (0.4914, 0.4822, 0.4465), std (0.2023, 0.1994, 0.2010).</summary>
    public static ChannelNormalization Cifar10 { get; } = new([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]);

    /// <summary>CIFAR-100's conventional statistics as Paper A's code uses them (ALGORITHMS.md §5.1):
    /// mean (0.507, 0.487, 0.441), std (0.267, 0.256, 0.276).</summary>
    public static ChannelNormalization Cifar100 { get; } = new([0.507, 0.487, 0.441], [0.267, 0.256, 0.276]);

    /// <summary>ImageNet's conventional statistics (torchvision's reference scripts; used for ImageNet, Tiny ImageNet
    /// and image folders): mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
    public static ChannelNormalization ImageNet { get; } = new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    /// <summary>The per-channel means of the [0,1]-scaled pixels.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The per-channel standard deviations of the [0,1]-scaled pixels.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>The number of channels.</summary>
    public int Channels => Mean.Count;

    /// <summary>The same statistics for every one of <paramref name="channels"/> channels (gray data, or data generated
    /// already standardised with <see cref="Normalization.None"/>).</summary>
    public static ChannelNormalization Uniform(Normalization normalization, int channels)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        return new ChannelNormalization(Enumerable.Repeat(normalization.Mean, channels).ToArray(),
            Enumerable.Repeat(normalization.Std, channels).ToArray());
    }

    /// <summary>What a black pixel (value 0) becomes after normalisation, per channel: −Mean[c]/Std[c]. Padding an
    /// already-normalised image with these values equals zero-padding it before normalisation, as torchvision's
    /// <c>RandomCrop(padding=4)</c> does.</summary>
    public IReadOnlyList<double> Black() => Mean.Select((m, c) => -m / Std[c]).ToArray();

    /// <summary>Turns unsigned-byte pixels laid out [N, C, ...] into a float32 tensor of that shape, scaled to [0,1] and
    /// standardised per channel (dimension 1).</summary>
    /// <exception cref="ArgumentException">The shape's channel dimension differs from <see cref="Channels"/> or the
    /// shape does not match the number of bytes.</exception>
    public Tensor FromBytes(byte[] pixels, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2 || shape[1] != Channels)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] must be [N, {Channels}, ...] for a {Channels}-channel normalisation.", nameof(shape));
        }

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(pixels, shape, dtype: ScalarType.Byte).to_type(ScalarType.Float32);
        long[] perChannel = [1, Channels, .. Enumerable.Repeat(1L, shape.Length - 2)];
        // (p/255 − mean)/std = p·(1/(255·std)) − mean/std, as one multiply and one subtract per element.
        var scale = torch.tensor(Std.Select(s => (float)(1.0 / (255.0 * s))).ToArray()).view(perChannel);
        var shift = torch.tensor(Mean.Select((m, c) => (float)(m / Std[c])).ToArray()).view(perChannel);
        x.mul_(scale).sub_(shift);
        return x.MoveToOuterDisposeScope();
    }
}
