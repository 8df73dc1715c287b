namespace Rewind.Data.Images;

/// <summary>
/// The crop of torchvision's <c>RandomResizedCrop</c> (Szegedy et al. 2015, "Inception" augmentation; the standard
/// ImageNet training transform of He et al. 2016): a box covering a uniform fraction of the image's area in
/// <see cref="MinScale"/>..<see cref="MaxScale"/>, with an aspect ratio log-uniform in
/// <see cref="MinRatio"/>..<see cref="MaxRatio"/>, at a uniform position; ten tries, then the largest centred box of
/// an allowed ratio. Ported line by line from <c>RandomResizedCrop.get_params</c>, with Rewind's seeded generator in
/// place of torch's, so the box is a pure function of (image size, seed).
/// </summary>
/// <param name="MinScale">Smallest fraction of the area (0.08).</param>
/// <param name="MaxScale">Largest fraction of the area (1).</param>
/// <param name="MinRatio">Smallest width / height (3/4).</param>
/// <param name="MaxRatio">Largest width / height (4/3).</param>
public sealed record RandomResizedCrop(double MinScale = 0.08, double MaxScale = 1.0, double MinRatio = 3.0 / 4.0, double MaxRatio = 4.0 / 3.0)
{
    /// <summary>The box to crop from a <paramref name="height"/> × <paramref name="width"/> image for draw seed <paramref name="seed"/>.</summary>
    public CropBox Box(int height, int width, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var random = new SplitMixRandom(seed);
        double area = (double)height * width;
        double logLow = Math.Log(MinRatio), logHigh = Math.Log(MaxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double targetArea = area * random.Uniform(MinScale, MaxScale);
            double aspect = Math.Exp(random.Uniform(logLow, logHigh));
            int w = (int)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int top = random.Next(0, height - h + 1);
                int left = random.Next(0, width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }

        return Fallback(height, width);
    }

    /// <summary>The centred box used when ten draws miss: the whole image, cut to the nearest allowed aspect ratio.</summary>
    public CropBox Fallback(int height, int width)
    {
        double inRatio = (double)width / height;
        int w = width, h = height;
        if (inRatio < MinRatio)
        {
            h = (int)Math.Round(w / MinRatio, MidpointRounding.ToEven);
        }
        else if (inRatio > MaxRatio)
        {
            w = (int)Math.Round(h * MaxRatio, MidpointRounding.ToEven);
        }

        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }
}
