namespace Rewind.Data.Images;

/// <summary>
/// How one decoded image of any size becomes a <see cref="Size"/> × <see cref="Size"/> example. Evaluation (and
/// training without augmentation): torchvision's <c>Resize(ResizeTo)</c> then <c>CenterCrop(Size)</c>. Training with
/// augmentation, when <see cref="TrainCrop"/> is set: <c>RandomResizedCrop(Size)</c> (the crop drawn from a per-image
/// seed). The horizontal flip and the pad-and-crop of small images are applied afterwards to the batch tensor by
/// <see cref="RandomCropFlip"/>, exactly as for in-memory datasets.
/// </summary>
/// <param name="Size">Height and width of every example.</param>
/// <param name="ResizeTo">The shorter side before the centre crop (≥ Size).</param>
/// <param name="TrainCrop">The random crop of augmented training examples, or null for none.</param>
public sealed record ImageTransform(int Size, int ResizeTo, RandomResizedCrop? TrainCrop)
{
    /// <summary>Small images (CIFAR-like folders, Tiny ImageNet): <c>Resize(size)</c> + <c>CenterCrop(size)</c>, which
    /// leaves an image already of that size untouched; augmentation is the batch-level pad-and-crop.</summary>
    public static ImageTransform Fixed(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return new ImageTransform(size, size, null);
    }

    /// <summary>The ImageNet recipe (He et al. 2016; torchvision's reference scripts): training
    /// <c>RandomResizedCrop(size)</c>, evaluation <c>Resize(round(size · 256/224))</c> + <c>CenterCrop(size)</c>
    /// (256 and 224 for the standard size).</summary>
    public static ImageTransform ImageNet(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return new ImageTransform(size, (int)Math.Round(size * 256.0 / 224.0, MidpointRounding.ToEven), new RandomResizedCrop());
    }

    /// <summary>A one-line description for reports.</summary>
    public string Description => TrainCrop is null
        ? $"resize {ResizeTo} + centre crop {Size}"
        : $"train: random resized crop {Size}; test: resize {ResizeTo} + centre crop {Size}";

    /// <summary>Where to cut and how to scale a <paramref name="height"/> × <paramref name="width"/> image: resize the
    /// part <c>Box</c> to <c>OutHeight</c> × <c>OutWidth</c> and keep <c>Window</c> of the result. With a
    /// <paramref name="drawSeed"/> and a <see cref="TrainCrop"/>, the random crop; otherwise the evaluation transform.</summary>
    public (CropBox Box, int OutHeight, int OutWidth, CropBox Window) Plan(int height, int width, ulong? drawSeed)
    {
        if (drawSeed is { } seed && TrainCrop is not null)
        {
            return (TrainCrop.Box(height, width, seed), Size, Size, CropBox.Whole(Size, Size));
        }

        var (h, w) = CropBox.ShorterSideTo(height, width, ResizeTo);
        return (CropBox.Whole(height, width), h, w, CropBox.Center(h, w, Size, Size));
    }
}
