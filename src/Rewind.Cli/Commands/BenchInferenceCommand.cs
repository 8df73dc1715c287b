using System.CommandLine;
using Rewind.Export;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind bench-inference RUN_DIR [--level N] [--threads N] [--rounds N] [--quick]</c>.</summary>
public static class BenchInferenceCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var run = new Argument<string>("RUN_DIR") { Description = "A run folder (the --out of `rewind run`)." };
        var level = new Option<int?>("--level") { Description = "Level to measure (default: the last finished one)." };
        var threads = new Option<int>("--threads") { Description = "Threads for TorchSharp and ONNX Runtime.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int?>("--rounds") { Description = "Interleaved rounds (default 7; 3 with --quick)." };
        var quick = new Option<bool>("--quick") { Description = "A short smoke measurement (numbers indicative only)." };
        var cmd = new Command("bench-inference",
            "Latency and throughput of the dense parent, the masked, compacted and sparse ticket and its ONNX exports; writes inference.json.")
            { run, level, threads, rounds, quick };
        cmd.SetAction(p =>
        {
            var options = p.GetValue(quick) ? InferenceBenchOptions.QuickRun : new InferenceBenchOptions();
            options = options with { Threads = p.GetValue(threads), Rounds = p.GetValue(rounds) ?? options.Rounds };
            if (options.Threads < 1 || options.Rounds < 1)
                throw new RewindUserException("--threads and --rounds must be at least 1.");
            var dir = p.GetValue(run)!;
            var results = InferenceBenchmark.Run(dir, p.GetValue(level), options, output.WriteLine);
            output.WriteLine();
            output.Write(TicketReport.Markdown(results));
            output.WriteLine($"Results: {Path.GetFullPath(Path.Combine(dir, InferenceResults.FileName))} (`rewind report {dir}` adds this section to report.md)");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
