using System.Globalization;

namespace Rewind.Bench;

/// <summary>Command-line options of the benchmark.</summary>
public sealed record BenchOptions(int Threads, int Levels, string Out, IReadOnlyList<string> VisionModels)
{
    /// <summary><c>--threshold-only</c>: measure only the exact global threshold over 25 M weights.</summary>
    public bool ThresholdOnly { get; init; }

    /// <summary><c>--speed-table</c>: the training-step time of every catalog model on its data (README speed table).</summary>
    public bool SpeedTable { get; init; }

    /// <summary><c>--quick</c>: with <c>--speed-table</c>, only a few small models, 2 rounds of 2 steps (proves the code runs).</summary>
    public bool Quick { get; init; }

    /// <summary><c>--rounds N</c>: interleaved rounds of the speed table (default 3; 2 with <c>--quick</c>).</summary>
    public int Rounds { get; init; }

    /// <summary><c>--steps N</c>: timed steps per model and round (default 3; 2 with <c>--quick</c>).</summary>
    public int Steps { get; init; }

    /// <summary><c>--models a,b</c>: restrict the speed table to these example names.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Parses <c>--threads N --levels N --out DIR [--threshold-only] [--vision a,b] [--speed-table [--quick]
    /// [--rounds N] [--steps N] [--models a,b]]</c>.</summary>
    public static BenchOptions Parse(string[] args)
    {
        int threads = 2, levels = 20, rounds = 0, steps = 0;
        string outDir = Path.Combine("bench", "results");
        bool thresholdOnly = args.Contains("--threshold-only");
        bool speedTable = args.Contains("--speed-table");
        bool quick = args.Contains("--quick");
        args = args.Where(a => a is not ("--threshold-only" or "--speed-table" or "--quick")).ToArray();
        IReadOnlyList<string> vision = [];
        IReadOnlyList<string> models = [];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--levels": levels = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": outDir = args[i + 1]; break;
                case "--vision": vision = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--models": models = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new BenchOptions(threads, levels, outDir, vision)
        {
            ThresholdOnly = thresholdOnly,
            SpeedTable = speedTable,
            Quick = quick,
            Rounds = rounds > 0 ? rounds : quick ? 2 : 3,
            Steps = steps > 0 ? steps : quick ? 2 : 3,
            Models = models,
        };
    }
}
