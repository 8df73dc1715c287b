using Rewind.Data.Images;

namespace Rewind.Tests.Data.Images;

public sealed class ImageDecoderTests
{
    [Fact]
    public void A_png_decodes_to_its_exact_rgb_pixels()
    {
        using var tmp = new TempDir();
        ImageTestFiles.Write(tmp["a.png"], 5, 3, (x, y) => ((byte)(x * 50), (byte)(y * 100), (byte)(x + y)));

        RgbImage image = ImageDecoder.Decode(tmp["a.png"]);

        Assert.Equal((3, 5), (image.Height, image.Width));
        Assert.Equal(new byte[] { 200, 100, 5 }, image.Pixels.AsSpan(((1 * 5) + 4) * 3, 3).ToArray()); // pixel (x 4, y 1)
    }

    [Fact]
    public void A_jpeg_decodes_to_its_size_with_colours_close_to_the_original()
    {
        using var tmp = new TempDir();
        ImageTestFiles.Write(tmp["b.jpg"], 16, 8, (_, _) => (200, 40, 90));

        RgbImage image = ImageDecoder.Decode(tmp["b.jpg"]);

        Assert.Equal((8, 16), (image.Height, image.Width));
        Assert.InRange(image.Pixels[0], 195, 205);
        Assert.InRange(image.Pixels[1], 35, 45);
        Assert.InRange(image.Pixels[2], 85, 95);
    }

    [Fact]
    public void A_gray_png_becomes_three_equal_channels()
    {
        using var tmp = new TempDir();
        using (var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(2, 1, SkiaSharp.SKColorType.Gray8)))
        {
            bitmap.SetPixel(0, 0, new SkiaSharp.SKColor(90, 90, 90));
            bitmap.SetPixel(1, 0, new SkiaSharp.SKColor(180, 180, 180));
            using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(tmp["g.png"], data.ToArray());
        }

        RgbImage image = ImageDecoder.Decode(tmp["g.png"]);

        Assert.Equal(new byte[] { 90, 90, 90, 180, 180, 180 }, image.Pixels);
    }

    [Fact]
    public void Garbage_with_an_image_extension_is_a_user_error_naming_the_file()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp["broken.jpg"], Enumerable.Range(0, 500).Select(i => (byte)(i * 31)).ToArray());

        var e = Assert.Throws<RewindUserException>(() => ImageDecoder.Decode(tmp["broken.jpg"]));

        Assert.Contains(tmp["broken.jpg"], e.Message);
        Assert.Contains("not an image", e.Message);
    }

    [Fact]
    public void A_truncated_jpeg_is_a_user_error_naming_the_file()
    {
        using var tmp = new TempDir();
        ImageTestFiles.Write(tmp["full.jpg"], 64, 64, (x, y) => ((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y)));
        byte[] bytes = File.ReadAllBytes(tmp["full.jpg"]);
        File.WriteAllBytes(tmp["cut.jpg"], bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var e = Assert.Throws<RewindUserException>(() => ImageDecoder.Decode(tmp["cut.jpg"]));

        Assert.Contains(tmp["cut.jpg"], e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void An_empty_or_missing_file_is_a_user_error_naming_it()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp["empty.png"], []);

        Assert.Contains(tmp["empty.png"], Assert.Throws<RewindUserException>(() => ImageDecoder.Decode(tmp["empty.png"])).Message);
        Assert.Contains(tmp["none.png"], Assert.Throws<RewindUserException>(() => ImageDecoder.Decode(tmp["none.png"])).Message);
    }
}
