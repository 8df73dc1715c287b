using SkiaSharp;

namespace Rewind.Tests.Data.Images;

/// <summary>Writes small real PNG and JPEG files with SkiaSharp (the library Rewind decodes them with), in the layouts
/// of torchvision's ImageFolder and of Tiny ImageNet.</summary>
internal static class ImageTestFiles
{
    /// <summary>The colour of pixel (x, y) of a generated image of class <paramref name="label"/>, number <paramref name="n"/>:
    /// a smooth pattern that differs per class (red ramp for class 0, green for 1, blue for 2, ...).</summary>
    public static (byte R, byte G, byte B) Colour(int label, int n, int x, int y)
    {
        byte ramp = (byte)((x * 13 + y * 7 + n * 5) % 200);
        return (label % 3) switch
        {
            0 => ((byte)(55 + ramp), 20, 40),
            1 => (30, (byte)(55 + ramp), 20),
            _ => (20, 40, (byte)(55 + ramp)),
        };
    }

    /// <summary>Writes an RGB image; PNG is lossless, JPEG is written at quality 95.</summary>
    public static void Write(string path, int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        var format = Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>An ImageFolder tree: root/train/&lt;class&gt;/ and root/&lt;testFolder&gt;/&lt;class&gt;/, with
    /// <paramref name="trainPerClass"/> and <paramref name="testPerClass"/> images per class, alternating PNG and JPEG and
    /// sizes (a square of <paramref name="size"/> and a wider one), so decoding, resizing and cropping are all exercised.</summary>
    public static void WriteImageFolder(string root, string[] classes, int trainPerClass, int testPerClass, int size = 12, string testFolder = "val")
    {
        var sorted = classes.Order(StringComparer.Ordinal).ToList();
        foreach (string name in classes)
        {
            int label = sorted.IndexOf(name); // the colour follows the class number Rewind gives the folder
            for (int n = 0; n < trainPerClass; n++)
                WriteExample(Path.Combine(root, "train", name), label, n, size);
            for (int n = 0; n < testPerClass; n++)
                WriteExample(Path.Combine(root, testFolder, name), label, 100 + n, size);
        }
    }

    /// <summary>A Tiny ImageNet tree: wnids.txt (in the given, unsorted order), train/&lt;wnid&gt;/images/&lt;wnid&gt;_N.JPEG,
    /// val/images/val_N.JPEG and val/val_annotations.txt (validation images of all classes mixed, as published).</summary>
    public static void WriteTinyImageNet(string root, string[] wnids, int trainPerClass, int valPerClass, int size = 64)
    {
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, "wnids.txt"), wnids);
        var sorted = wnids.Order(StringComparer.Ordinal).ToList();
        foreach (string wnid in wnids)
        {
            int label = sorted.IndexOf(wnid);
            for (int n = 0; n < trainPerClass; n++)
                Write(Path.Combine(root, "train", wnid, "images", $"{wnid}_{n}.JPEG"), size, size, (x, y) => Colour(label, n, x, y));
            File.WriteAllText(Path.Combine(root, "train", wnid, $"{wnid}_boxes.txt"), "");
        }
        var lines = new List<string>();
        int v = 0;
        for (int n = 0; n < valPerClass; n++)
            foreach (string wnid in wnids)
            {
                int label = sorted.IndexOf(wnid);
                string file = $"val_{v++}.JPEG";
                int k = n;
                Write(Path.Combine(root, "val", "images", file), size, size, (x, y) => Colour(label, 100 + k, x, y));
                lines.Add($"{file}\t{wnid}\t0\t0\t{size - 1}\t{size - 1}");
            }
        File.WriteAllLines(Path.Combine(root, "val", "val_annotations.txt"), lines);
    }

    private static void WriteExample(string folder, int label, int n, int size)
    {
        bool jpeg = n % 2 == 1;
        int width = n % 3 == 2 ? size + size / 2 : size;
        Write(Path.Combine(folder, $"img{n:D3}{(jpeg ? ".jpg" : ".png")}"), width, size, (x, y) => Colour(label, n, x, y));
    }
}
