using Rewind.Data.Images;

namespace Rewind.Tests.Data.Images;

public sealed class ResamplerTests
{
    private static RgbImage Row(params byte[] gray) =>
        new(gray.SelectMany(v => new[] { v, (byte)(255 - v), (byte)0 }).ToArray(), 1, gray.Length);

    [Fact]
    public void Same_size_copies_the_pixels_channel_major()
    {
        var image = new RgbImage([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 2, 2);
        var output = new byte[12];

        Resampler.ResizeInto(image, CropBox.Whole(2, 2), 2, 2, CropBox.Whole(2, 2), output);

        Assert.Equal(new byte[] { 1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12 }, output);
    }

    [Fact]
    public void Halving_four_pixels_uses_the_widened_triangle_filter_as_PIL_does()
    {
        // Scale 2: support 2, output 0 centred at 1.0 takes pixels 0,1,2 with weights 0.75,0.75,0.25 (/1.75);
        // output 1 centred at 3.0 takes pixels 1,2,3 with 0.25,0.75,0.75.
        var image = Row(0, 100, 200, 255);
        var output = new byte[6];

        Resampler.ResizeInto(image, CropBox.Whole(1, 4), 1, 2, CropBox.Whole(1, 2), output);

        Assert.Equal(71, output[0]);   // (0·0.75 + 100·0.75 + 200·0.25) / 1.75 = 71.43
        Assert.Equal(209, output[1]);  // (100·0.25 + 200·0.75 + 255·0.75) / 1.75 = 209.29
        Assert.InRange(output[2], 255 - 72, 255 - 70); // the second channel is 255 − v, resampled the same way
    }

    [Fact]
    public void A_two_by_two_block_shrinks_to_its_mean()
    {
        var image = new RgbImage([10, 0, 0, 20, 0, 0, 30, 0, 0, 41, 0, 0], 2, 2);
        var output = new byte[3];

        Resampler.ResizeInto(image, CropBox.Whole(2, 2), 1, 1, CropBox.Whole(1, 1), output);

        Assert.Equal(25, output[0]); // 25.25
    }

    [Fact]
    public void Enlarging_a_constant_image_keeps_it_constant()
    {
        var image = new RgbImage(Enumerable.Repeat((byte)77, 3 * 3 * 3).ToArray(), 3, 3);
        var output = new byte[3 * 7 * 5];

        Resampler.ResizeInto(image, CropBox.Whole(3, 3), 7, 5, CropBox.Whole(7, 5), output);

        Assert.All(output, v => Assert.Equal(77, v));
    }

    [Fact]
    public void A_window_of_the_resized_image_equals_cutting_the_full_resize()
    {
        var pixels = Enumerable.Range(0, 9 * 13 * 3).Select(i => (byte)(i * 37 % 256)).ToArray();
        var image = new RgbImage(pixels, 9, 13);
        var full = new byte[3 * 6 * 8];
        Resampler.ResizeInto(image, new CropBox(1, 2, 7, 10), 6, 8, CropBox.Whole(6, 8), full);
        var window = new byte[3 * 3 * 4];

        Resampler.ResizeInto(image, new CropBox(1, 2, 7, 10), 6, 8, new CropBox(2, 3, 3, 4), window);

        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(full[c * 48 + (y + 2) * 8 + x + 3], window[c * 12 + y * 4 + x]);
    }

    [Fact]
    public void A_box_resizes_only_its_own_pixels_like_a_crop_then_resize()
    {
        // Pixels outside the box must not leak in: a bright frame around a dark 4x4 centre.
        var pixels = new byte[6 * 6 * 3];
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 6; x++)
                pixels[(y * 6 + x) * 3] = (byte)(x is 0 or 5 || y is 0 or 5 ? 255 : 10);
        var output = new byte[3 * 2 * 2];

        Resampler.ResizeInto(new RgbImage(pixels, 6, 6), new CropBox(1, 1, 4, 4), 2, 2, CropBox.Whole(2, 2), output);

        Assert.All(output.Take(4), v => Assert.Equal(10, v));
    }
}
