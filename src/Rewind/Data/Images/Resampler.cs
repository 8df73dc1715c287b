namespace Rewind.Data.Images;

/// <summary>
/// Image resizing with the antialiased bilinear (triangle) filter of PIL's <c>Image.resize(..., BILINEAR)</c>, which
/// torchvision's <c>Resize</c>, <c>RandomResizedCrop</c> and <c>CenterCrop</c> use on PIL images: when shrinking, the
/// filter widens by the scale factor so every source pixel contributes (no aliasing). Computed in double precision
/// and rounded once at the end (PIL rounds to 8 bits between its two passes, so values can differ by one step).
/// Pure: the same input gives the same bytes on every machine.
/// </summary>
public static class Resampler
{
    /// <summary>
    /// Resizes the part <paramref name="box"/> of <paramref name="image"/> (as if cropped first) to
    /// <paramref name="outHeight"/> × <paramref name="outWidth"/> and writes the part <paramref name="window"/> of the
    /// result into <paramref name="destination"/>, channel-major (all red rows, then green, then blue; the [3, H, W]
    /// layout of a tensor), <c>3 · window.Height · window.Width</c> bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The box is not inside the image, the window not inside the output, or the
    /// destination too small.</exception>
    public static void ResizeInto(RgbImage image, CropBox box, int outHeight, int outWidth, CropBox window, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!box.FitsIn(image.Height, image.Width))
            throw new ArgumentException($"Box {box} is not inside the {image.Height}×{image.Width} image.", nameof(box));
        if (!window.FitsIn(outHeight, outWidth))
            throw new ArgumentException($"Window {window} is not inside the {outHeight}×{outWidth} output.", nameof(window));
        int plane = window.Height * window.Width;
        if (destination.Length < RgbImage.Channels * plane)
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {RgbImage.Channels * plane} are needed.", nameof(destination));

        if (box.Height == outHeight && box.Width == outWidth)
        {
            CopyWindow(image, box.Top + window.Top, box.Left + window.Left, window.Height, window.Width, destination);
            return;
        }

        Taps[] columns = Coefficients(box.Width, outWidth, window.Left, window.Width);
        Taps[] rows = Coefficients(box.Height, outHeight, window.Top, window.Height);
        int firstRow = rows[0].First;
        int lastRow = rows[^1].First + rows[^1].Weights.Length; // exclusive; taps move forward monotonically
        int neededRows = lastRow - firstRow;

        // Horizontal pass over the source rows the vertical pass needs: [neededRows, window.Width, 3].
        var horizontal = new double[(long)neededRows * window.Width * RgbImage.Channels];
        int stride = image.Width * RgbImage.Channels;
        for (int r = 0; r < neededRows; r++)
        {
            int rowStart = (box.Top + firstRow + r) * stride;
            for (int x = 0; x < window.Width; x++)
            {
                Taps t = columns[x];
                double red = 0, green = 0, blue = 0;
                int at = rowStart + ((box.Left + t.First) * RgbImage.Channels);
                for (int k = 0; k < t.Weights.Length; k++, at += RgbImage.Channels)
                {
                    double w = t.Weights[k];
                    red += w * image.Pixels[at];
                    green += w * image.Pixels[at + 1];
                    blue += w * image.Pixels[at + 2];
                }

                long o = (((long)r * window.Width) + x) * RgbImage.Channels;
                horizontal[o] = red;
                horizontal[o + 1] = green;
                horizontal[o + 2] = blue;
            }
        }

        // Vertical pass, written channel-major.
        for (int y = 0; y < window.Height; y++)
        {
            Taps t = rows[y];
            for (int x = 0; x < window.Width; x++)
            {
                double red = 0, green = 0, blue = 0;
                for (int k = 0; k < t.Weights.Length; k++)
                {
                    double w = t.Weights[k];
                    long o = ((((long)t.First - firstRow + k) * window.Width) + x) * RgbImage.Channels;
                    red += w * horizontal[o];
                    green += w * horizontal[o + 1];
                    blue += w * horizontal[o + 2];
                }

                int p = (y * window.Width) + x;
                destination[p] = ToByte(red);
                destination[plane + p] = ToByte(green);
                destination[(2 * plane) + p] = ToByte(blue);
            }
        }
    }

    /// <summary>The source pixels and weights of outputs <paramref name="start"/>..start+count−1 when
    /// <paramref name="inSize"/> pixels are resampled to <paramref name="outSize"/> (PIL's <c>precompute_coeffs</c>
    /// for the bilinear filter, taps clamped to the input).</summary>
    internal static Taps[] Coefficients(int inSize, int outSize, int start, int count)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 1.0 * filterScale; // the triangle filter has support 1
        var result = new Taps[count];
        for (int i = 0; i < count; i++)
        {
            double center = (start + i + 0.5) * scale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize);
            var weights = new double[Math.Max(max - min, 1)];
            double sum = 0;
            for (int x = 0; x < max - min; x++)
            {
                double w = Triangle((x + min - center + 0.5) / filterScale);
                weights[x] = w;
                sum += w;
            }

            if (sum > 0)
            {
                for (int x = 0; x < weights.Length; x++) weights[x] /= sum;
            }
            else
            {
                weights[0] = 1; // cannot happen for a positive scale; keeps the output defined
            }

            result[i] = new Taps(min, weights);
        }

        return result;
    }

    private static double Triangle(double x) => Math.Max(0.0, 1.0 - Math.Abs(x));

    private static byte ToByte(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(int)(v + 0.5);

    private static void CopyWindow(RgbImage image, int top, int left, int height, int width, Span<byte> destination)
    {
        int plane = height * width;
        for (int y = 0; y < height; y++)
        {
            int at = (((top + y) * image.Width) + left) * RgbImage.Channels;
            for (int x = 0; x < width; x++, at += RgbImage.Channels)
            {
                int p = (y * width) + x;
                destination[p] = image.Pixels[at];
                destination[plane + p] = image.Pixels[at + 1];
                destination[(2 * plane) + p] = image.Pixels[at + 2];
            }
        }
    }

    /// <summary>The first source pixel and the weights of the consecutive pixels that make one output pixel.</summary>
    internal readonly record struct Taps(int First, double[] Weights);
}
