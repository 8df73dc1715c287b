using Rewind.Data.Images;

namespace Rewind.Tests.Data.Images;

public sealed class ImageGeometryTests
{
    [Fact]
    public void Resize_256_of_a_375_by_500_image_makes_the_short_side_256_and_truncates_the_long_one()
    {
        Assert.Equal((256, 341), CropBox.ShorterSideTo(375, 500, 256)); // 256·500/375 = 341.33
        Assert.Equal((341, 256), CropBox.ShorterSideTo(500, 375, 256));
        Assert.Equal((64, 64), CropBox.ShorterSideTo(64, 64, 64));
    }

    [Fact]
    public void Center_crop_rounds_half_offsets_to_even_as_python_does()
    {
        Assert.Equal(new CropBox(16, 58, 224, 224), CropBox.Center(256, 341, 224, 224)); // round(58.5) = 58
        Assert.Equal(new CropBox(2, 2, 3, 3), CropBox.Center(8, 8, 3, 3));                // round(2.5) = 2
        Assert.Equal(new CropBox(4, 4, 3, 3), CropBox.Center(10, 10, 3, 3));              // round(3.5) = 4
    }

    [Fact]
    public void ImageNet_transform_evaluates_with_resize_256_and_centre_crop_224()
    {
        var t = ImageTransform.ImageNet(224);

        var (box, h, w, window) = t.Plan(375, 500, drawSeed: null);

        Assert.Equal(256, t.ResizeTo);
        Assert.Equal(CropBox.Whole(375, 500), box);
        Assert.Equal((256, 341), (h, w));
        Assert.Equal(new CropBox(16, 58, 224, 224), window);
    }

    [Fact]
    public void Fixed_transform_leaves_an_image_of_its_size_untouched_and_ignores_draw_seeds()
    {
        var t = ImageTransform.Fixed(64);

        Assert.Equal((CropBox.Whole(64, 64), 64, 64, CropBox.Whole(64, 64)), t.Plan(64, 64, drawSeed: 7));
    }

    [Fact]
    public void Random_resized_crop_is_a_pure_function_of_the_seed_and_stays_inside_the_image()
    {
        var crop = new RandomResizedCrop();
        var boxes = Enumerable.Range(0, 2000).Select(s => crop.Box(300, 400, (ulong)s)).ToList();

        Assert.Equal(boxes[5], crop.Box(300, 400, 5));
        Assert.All(boxes, b => Assert.True(b.FitsIn(300, 400), b.ToString()));
        Assert.True(boxes.Distinct().Count() > 1900);
        // Area fraction in [0.08, 1] and aspect ratio in [3/4, 4/3], up to the rounding of w and h to whole pixels.
        Assert.All(boxes, b => Assert.InRange(b.Height * b.Width / (300.0 * 400.0), 0.079, 1.0));
        Assert.All(boxes, b => Assert.InRange((double)b.Width / b.Height, 0.74, 1.35));
        double meanArea = boxes.Average(b => b.Height * b.Width / (300.0 * 400.0));
        // torchvision's algorithm on a 300 x 400 image gives a mean area fraction of 0.433 (400,000 simulated draws; large
        // boxes that do not fit are redrawn, so it is below the 0.54 of a uniform on [0.08, 1]); 2,000 draws: SE 0.005.
        Assert.InRange(meanArea, 0.41, 0.455);
    }

    [Fact]
    public void Random_resized_crop_falls_back_to_the_centred_box_of_the_widest_allowed_ratio()
    {
        // A 10 x 1000 strip: no box of ratio <= 4/3 with >= 8 % of the area fits, so every draw misses.
        var crop = new RandomResizedCrop();

        Assert.Equal(new CropBox(0, 493, 10, 13), crop.Box(10, 1000, 123)); // w = round(10 · 4/3) = 13, left = 987 / 2
        Assert.Equal(new CropBox(493, 0, 13, 10), crop.Fallback(1000, 10));  // h = round(10 / (3/4)) = 13
        Assert.Equal(CropBox.Whole(100, 120), crop.Fallback(100, 120));
    }
}
