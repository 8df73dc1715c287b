using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>
/// The standard CIFAR training augmentation (ALGORITHMS.md §5.1; torchvision's <c>RandomCrop(32, padding=4)</c> then
/// <c>RandomHorizontalFlip()</c>): every image of a batch is padded by <see cref="Padding"/> black pixels on each side,
/// a window of the original size is cut at an offset drawn uniformly from 0..2·Padding in each direction, and the
/// window is mirrored left-right with probability ½. Done for the whole batch at once: one padded copy and two gathers.
/// </summary>
public sealed class RandomCropFlip
{
    private readonly float[] _fill;

    /// <summary>Creates the augmentation for images normalised with <paramref name="normalization"/>, so the padding
    /// is black in pixel space (the value −mean/std per channel), as when torchvision pads before normalising.</summary>
    public RandomCropFlip(ChannelNormalization normalization, int padding = 4)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        _fill = normalization.Black().Select(v => (float)v).ToArray();
    }

    /// <summary>Pixels of padding on each side (4 for CIFAR).</summary>
    public int Padding { get; }

    /// <summary>The per-channel padding value in normalised units.</summary>
    public IReadOnlyList<float> Fill => _fill;

    /// <summary>A one-line description for reports.</summary>
    public string Description => Padding == 0 ? "horizontal flip" : $"random crop with {Padding}-pixel padding + horizontal flip";

    /// <summary>
    /// Returns the augmented copy of <paramref name="images"/> [B, C, H, W] (the caller disposes it). The random draws,
    /// made in this order from <paramref name="generator"/> (a CPU generator): B vertical offsets, B horizontal
    /// offsets, B flip bits. The same generator state gives the same batch, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is not 4-D or its channel count differs from the normalisation's.</exception>
    public Tensor Apply(Tensor images, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(generator);
        if (images.dim() != 4 || images.shape[1] != _fill.Length)
        {
            throw new ArgumentException(
                $"Expected a batch [B, {_fill.Length}, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        }

        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        long p = Padding;
        using var scope = torch.NewDisposeScope();
        var device = images.device;
        var dy = torch.randint(0, 2 * p + 1, [b], dtype: ScalarType.Int64, generator: generator).to(device);
        var dx = torch.randint(0, 2 * p + 1, [b], dtype: ScalarType.Int64, generator: generator).to(device);
        var flip = torch.randint(0, 2, [b], dtype: ScalarType.Int64, generator: generator).to(device);

        // A black canvas with the images copied into its centre: exact copies of the pixels, black border.
        var fill = torch.tensor(_fill, device: device).view(1, c, 1, 1);
        var padded = fill.expand(b, c, h + 2 * p, w + 2 * p).contiguous();
        padded.narrow(2, p, h).narrow(3, p, w).copy_(images);

        // Row r of image i comes from padded row dy[i] + r; column j from dx[i] + j, or dx[i] + (w−1−j) when flipped.
        using Scalar height = h, width = w, lastColumn = w - 1;
        var rowsRange = torch.arange(Scalars.Zero, height, Scalars.One, dtype: ScalarType.Int64, device: device);
        var colsRange = torch.arange(Scalars.Zero, width, Scalars.One, dtype: ScalarType.Int64, device: device);
        var rows = dy.unsqueeze(1).add(rowsRange.unsqueeze(0), Scalars.One);             // [B, H]
        var mirrored = colsRange.neg().add_(lastColumn, Scalars.One);                    // w−1−j
        var cols = dx.unsqueeze(1).add(
            colsRange.unsqueeze(0).add(flip.unsqueeze(1).mul(mirrored.sub(colsRange).unsqueeze(0)), Scalars.One), Scalars.One); // [B, W]

        var rowIndex = rows.view(b, 1, h, 1).expand(b, c, h, w + 2 * p);
        var croppedRows = padded.gather(2, rowIndex);                                    // [B, C, H, W+2p]
        var colIndex = cols.view(b, 1, 1, w).expand(b, c, h, w);
        var result = croppedRows.gather(3, colIndex);                                    // [B, C, H, W]
        return result.MoveToOuterDisposeScope();
    }
}
