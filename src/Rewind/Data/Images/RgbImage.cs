namespace Rewind.Data.Images;

/// <summary>A decoded 8-bit RGB image, pixels interleaved row by row (R, G, B of pixel (0,0), then (0,1), ...).</summary>
/// <param name="Pixels">Height × Width × 3 bytes.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public sealed record RgbImage(byte[] Pixels, int Height, int Width)
{
    /// <summary>Bytes per pixel (red, green, blue).</summary>
    public const int Channels = 3;
}
