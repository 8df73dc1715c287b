using System.Diagnostics;
using System.Globalization;
using Rewind.Data;
using Rewind.Data.Images;
using SkiaSharp;

namespace Rewind.Bench;

/// <summary>
/// How fast a streamed image dataset delivers training batches (issue 13, item 3): decode + crop + resize + normalise
/// of generated JPEGs shaped like ImageNet photos (500×375, random resized crop to 224, and the 256/224 evaluation
/// transform) and like Tiny ImageNet (64×64, as is), with 1 and 2 decoding threads. The rounds are interleaved
/// (every configuration once per round) and the median and range over rounds are reported, so a noisy neighbour
/// shows as spread rather than as a bias.
///   dotnet run -c Release --project bench/Rewind.Bench -- --decode [--rounds 7] [--images 256] [--out bench/results]
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>Runs the benchmark with the options in <paramref name="args"/>; writes <c>decode.md</c>.</summary>
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 7), images = Option(args, "--images", 256);
        string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("bench", "results");
        string root = Path.Combine(Path.GetTempPath(), "rewind-decode-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var large = Write(Path.Combine(root, "large"), images, 500, 375);
            var small = Write(Path.Combine(root, "small"), images * 4, 64, 64);
            var norm = ChannelNormalization.ImageNet;
            var cases = new List<(string Name, ImageFiles Files, bool Train)>();
            foreach (int threads in new[] { 1, 2 })
            {
                cases.Add(($"500×375 JPEG → random resized crop 224, {threads} thread(s)", Files(large, ImageTransform.ImageNet(224), norm, threads), true));
                cases.Add(($"500×375 JPEG → resize 256 + centre crop 224, {threads} thread(s)", Files(large, ImageTransform.ImageNet(224), norm, threads), false));
                cases.Add(($"64×64 JPEG (Tiny ImageNet) as is, {threads} thread(s)", Files(small, ImageTransform.Fixed(64), norm, threads), false));
            }

            var perSecond = cases.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < rounds; r++)
            {
                for (int c = 0; c < cases.Count; c++)
                {
                    var files = cases[c].Files;
                    long[] all = Enumerable.Range(0, files.Count).Select(i => (long)i).ToArray();
                    var clock = Stopwatch.StartNew();
                    using var x = files.Load(all, cases[c].Train ? (ulong)r : null);
                    perSecond[c].Add(files.Count / clock.Elapsed.TotalSeconds);
                }
            }

            var table = "| decode + transform + normalise | images/s, median | range over rounds |\n|---|---:|---:|\n" + string.Join("\n",
                cases.Select((c, i) =>
                {
                    var v = perSecond[i].Order().ToList();
                    return string.Create(CultureInfo.InvariantCulture, $"| {c.Name} | {v[v.Count / 2]:0} | {v[0]:0}–{v[^1]:0} |");
                })) + "\n";
            Console.WriteLine(table);
            Directory.CreateDirectory(outDir);
            string file = Path.Combine(outDir, "decode.md");
            File.WriteAllText(file, $"Measured {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores, {rounds} interleaved rounds, " +
                                    $"{images} large and {images * 4} small images per round\n\n{table}");
            Console.WriteLine($"Written to {file}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ImageFiles Files(IReadOnlyList<string> paths, ImageTransform transform, ChannelNormalization norm, int threads) =>
        new(paths, paths.Select(_ => 0L).ToArray(), transform, norm) { DecodeThreads = threads };

    /// <summary>Photo-like JPEGs (smooth gradients plus noise, quality 90) so the decoder does realistic work.</summary>
    private static List<string> Write(string folder, int count, int width, int height)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        var paths = new List<string>();
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[width * height * 4];
        for (int n = 0; n < count; n++)
        {
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int o = (y * width + x) * 4;
                    pixels[o] = (byte)((x * 255 / width + random.Next(40)) & 255);
                    pixels[o + 1] = (byte)((y * 255 / height + n * 7 + random.Next(40)) & 255);
                    pixels[o + 2] = (byte)(((x + y) * 128 / (width + height) + random.Next(40)) & 255);
                    pixels[o + 3] = 255;
                }
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            string path = Path.Combine(folder, $"{n:D5}.jpg");
            File.WriteAllBytes(path, data.ToArray());
            paths.Add(path);
        }
        return paths;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
