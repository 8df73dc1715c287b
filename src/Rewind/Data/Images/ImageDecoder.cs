using System.Runtime.InteropServices;
using SkiaSharp;

namespace Rewind.Data.Images;

/// <summary>
/// Decodes image files (JPEG, PNG, BMP, GIF, WebP) to 8-bit RGB with SkiaSharp, the Skia binding ScottPlot already
/// brings (MIT; Skia is BSD-3-Clause). As torchvision's default loader (PIL <c>Image.open(f).convert("RGB")</c>): gray
/// images are expanded to three channels, an alpha channel is dropped (not composited), no colour profile or EXIF
/// rotation is applied, and a truncated file is an error rather than a partly grey image. Thread-safe: every call
/// decodes into its own buffers.
/// </summary>
public static class ImageDecoder
{
    /// <summary>File extensions read as images (lower case, with the dot), as far as Skia decodes them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"];

    /// <summary>Whether <paramref name="path"/> has one of the <see cref="Extensions"/> (case-insensitive).</summary>
    public static bool IsImageFile(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>Reads and decodes <paramref name="path"/>.</summary>
    /// <exception cref="RewindUserException">The file cannot be read, is not an image Skia recognises, or is damaged
    /// (truncated or corrupt data); the message names the file.</exception>
    public static RgbImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"Image '{path}' could not be read: {e.Message} Check that it exists and is readable.");
        }

        return Decode(bytes, path);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="RewindUserException">The bytes are not an image Skia recognises, or are damaged.</exception>
    public static RgbImage Decode(byte[] encoded, string name)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(name);
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw Damaged(name, encoded.Length == 0 ? "it is empty" : "it is not an image Rewind can decode (JPEG, PNG, BMP, GIF or WebP)");
        }

        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw Damaged(name, $"it declares a size of {width}×{height}");
        }

        // Unpremultiplied RGBA without a colour space: the stored values, no profile conversion, alpha kept apart.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[(long)width * height * 4];
        SKCodecResult result;
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            result = codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }

        if (result != SKCodecResult.Success)
        {
            string why = result == SKCodecResult.IncompleteInput ? "it is truncated (the image data ends early)" : $"decoding failed ({result})";
            throw Damaged(name, why);
        }

        var rgb = new byte[(long)width * height * RgbImage.Channels];
        for (long p = 0, q = 0; p < rgba.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }

        return new RgbImage(rgb, height, width);
    }

    private static RewindUserException Damaged(string name, string why) =>
        new($"Image '{name}' cannot be used: {why}. Replace or delete the file (re-extract the dataset archive if it came from one).");
}
