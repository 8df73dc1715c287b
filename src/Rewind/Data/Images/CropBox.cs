namespace Rewind.Data.Images;

/// <summary>A rectangle of an image in pixels: the rows Top..Top+Height−1 and columns Left..Left+Width−1.</summary>
/// <param name="Top">First row.</param>
/// <param name="Left">First column.</param>
/// <param name="Height">Rows (positive).</param>
/// <param name="Width">Columns (positive).</param>
public readonly record struct CropBox(int Top, int Left, int Height, int Width)
{
    /// <summary>The whole of an image of the given size.</summary>
    public static CropBox Whole(int height, int width) => new(0, 0, height, width);

    /// <summary>Whether the box lies inside an image of the given size and is not empty.</summary>
    public bool FitsIn(int height, int width) =>
        Height > 0 && Width > 0 && Top >= 0 && Left >= 0 && Top + Height <= height && Left + Width <= width;

    /// <summary>torchvision's <c>CenterCrop(size)</c> of an image of the given size: offsets
    /// <c>int(round((H − size) / 2))</c> and <c>int(round((W − size) / 2))</c> with round-half-to-even, as Python rounds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The crop is larger than the image.</exception>
    public static CropBox Center(int height, int width, int cropHeight, int cropWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cropHeight, height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cropWidth, width);
        int top = (int)Math.Round((height - cropHeight) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((width - cropWidth) / 2.0, MidpointRounding.ToEven);
        return new CropBox(top, left, cropHeight, cropWidth);
    }

    /// <summary>torchvision's <c>Resize(size)</c> with an integer size: the shorter side becomes <paramref name="size"/>,
    /// the longer <c>int(size · long / short)</c> (truncated), keeping the orientation. Returns (height, width).</summary>
    public static (int Height, int Width) ShorterSideTo(int height, int width, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (height <= width)
        {
            return (size, (int)((long)size * width / height));
        }

        return ((int)((long)size * height / width), size);
    }
}
