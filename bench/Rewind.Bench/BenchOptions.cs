using System.Globalization;

namespace Rewind.Bench;

/// <summary>Command-line options of the benchmark.</summary>
public sealed record BenchOptions(int Threads, int Levels, string Out, IReadOnlyList<string> VisionModels)
{
    /// <summary><c>--threshold-only</c>: measure only the exact global threshold over 25 M weights.</summary>
    public bool ThresholdOnly { get; init; }

    /// <summary>Parses <c>--threads N --levels N --out DIR [--threshold-only]</c>.</summary>
    public static BenchOptions Parse(string[] args)
    {
        int threads = 2, levels = 20;
        string outDir = Path.Combine("bench", "results");
        bool thresholdOnly = args.Contains("--threshold-only");
        args = args.Where(a => a != "--threshold-only").ToArray();
        IReadOnlyList<string> vision = [];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--levels": levels = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": outDir = args[i + 1]; break;
                case "--vision": vision = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new BenchOptions(threads, levels, outDir, vision) { ThresholdOnly = thresholdOnly };
    }
}
