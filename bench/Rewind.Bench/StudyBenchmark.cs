using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Bench;

/// <summary>
/// The study benchmark of issue 11, in one process so the numbers compare like with like:
/// (1) the compare of the issue — LeNet-300-100 on Fashion-MNIST, IMP/WR/LRR × 3 seeds, 12 levels of 8 epochs, cosine
/// with a 1-epoch warm-up, SGD 0.1, batch 128 — as <c>rewind compare</c> processes, sequential (<c>--jobs 1</c>) and
/// <c>--jobs auto</c>, interleaved over rounds; (2) the throughput of LeNet-sized runs (1 level) for jobs × threads;
/// (3) where one run's time goes outside its training steps (<see cref="RunOverhead"/>).
/// <c>--quick</c> keeps the shape but trains 2 levels of 1 epoch (warm-up 100 iterations) and 1 seed, to prove the benchmark works.
/// </summary>
public static class StudyBenchmark
{
    /// <summary>Runs the benchmark; arguments: <c>--study [--quick] [--slurm] [--rounds N] [--epochs E] [--out DIR]</c>
    /// (<c>--epochs</c>: epochs per level of the compare instead of the issue's 8, to fit more rounds into an hour).</summary>
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool slurm = args.Contains("--slurm"); // also on Slurm: needs SLURM_CONF of a running cluster (tests/slurm/start-local-slurm.sh)
        int rounds = Value(args, "--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : quick ? 1 : 2;
        string outDir = Value(args, "--out") ?? Path.Combine("bench", "results");
        var work = Path.Combine(Path.GetTempPath(), "rewind-study-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        var started = DateTime.UtcNow;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Study benchmark{(quick ? " (QUICK MODE: 2 levels of 1 epoch, 1 seed — proves the benchmark runs; not the issue's numbers)" : "")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {started:u}, load average {LoadAverage()}.\n\n");
        try
        {
            int levels = quick ? 2 : 12, seeds = quick ? 1 : 3;
            int epochs = Value(args, "--epochs") is { } e ? int.Parse(e, CultureInfo.InvariantCulture) : quick ? 1 : 8;
            var spec = Path.Combine(work, "compare.yaml");
            File.WriteAllText(spec, CompareSpec(levels, epochs));
            text.Append(CultureInfo.InvariantCulture,
                $"## 1. The compare: IMP/WR/LRR × {seeds} seed(s), {levels} levels of {epochs} epoch(s), LeNet-300-100 / Fashion-MNIST\n\n");
            text.Append("| round | executor | wall time (s) |\n|---|---|---:|\n");
            string[] executors = slurm ? ["--jobs 1", "--jobs auto", "--executor slurm"] : ["--jobs 1", "--jobs auto"];
            var times = executors.ToDictionary(e => e, _ => new List<double>());
            for (int round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? executors : Enumerable.Reverse(executors).ToArray();
                foreach (var executor in order)
                {
                    var dir = Path.Combine(work, $"compare-r{round}-{executor.Replace(" ", "", StringComparison.Ordinal).Trim('-')}");
                    double s = Cli(["compare", spec, "--strategies", "imp,wr,lrr", "--seeds", seeds.ToString(CultureInfo.InvariantCulture), .. executor.Split(' '), "--out", dir]);
                    times[executor].Add(s);
                    text.Append(CultureInfo.InvariantCulture, $"| {round} | {executor} | {s:0.0} |\n");
                    Console.WriteLine($"compare round {round}, {executor}: {s:0.0} s");
                    Directory.Delete(dir, recursive: true);
                }
            }
            double seq = Median(times["--jobs 1"]), par = Median(times["--jobs auto"]);
            text.Append(CultureInfo.InvariantCulture, $"\nMedian: sequential {seq:0.0} s, --jobs auto {par:0.0} s ({seq / par:0.00}× faster)")
                .Append(slurm ? string.Create(CultureInfo.InvariantCulture, $", local Slurm {Median(times["--executor slurm"]):0.0} s") : "")
                .Append(epochs == 8 ? "; target on 2 cores for the full compare: ≤ 550 s.\n\n" : ".\n\n");

            text.Append("## 2. Throughput of LeNet-sized runs: 4 runs of 1 level of 1 epoch in worker processes (start-up included)\n\n");
            text.Append("| jobs × threads | wall time (s) | runs per minute |\n|---|---:|---:|\n");
            foreach (var (jobs, threads) in new[] { (1, 1), (1, 2), (2, 1), (2, 2) })
            {
                double s = Grid(work, jobs, threads, quick);
                text.Append(CultureInfo.InvariantCulture, $"| {jobs} × {threads} | {s:0.0} | {4 * 60 / s:0.0} |\n");
                Console.WriteLine($"grid {jobs} × {threads}: {s:0.0} s");
            }

            text.Append(CultureInfo.InvariantCulture, $"\n## 3. Where one run's time goes: LRR, {levels} levels of {epochs} epoch(s), 1 thread, in process\n\n");
            var profileSpec = SpecLoader.FromYaml(File.ReadAllText(spec), spec) with { Threads = 1 };
            var rows = RunOverhead.Measure(profileSpec, Path.Combine(work, "profile"));
            text.Append(RunOverhead.Table(rows));
            double start = RunOverhead.ProcessStart(Path.Combine(work, "profile"));
            text.Append(CultureInfo.InvariantCulture,
                $"\nProcess start-up of a worker (`rewind run --resume` of a finished run: .NET, libtorch, spec; median of 3): {start:0.00} s.\n");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"\nTook {(DateTime.UtcNow - started).TotalSeconds:0} s.\n");
        Console.WriteLine();
        Console.WriteLine(text);
        Directory.CreateDirectory(outDir);
        var file = Path.Combine(outDir, quick ? "study-quick.md" : "study.md");
        File.WriteAllText(file, text.ToString());
        Console.WriteLine($"Written to {file}");
        return 0;
    }

    /// <summary>The issue's compare spec with <paramref name="levels"/> levels of <paramref name="epochs"/> epochs (a 1-epoch level warms up for 100 iterations).</summary>
    public static string CompareSpec(int levels, int epochs) => $$"""
        name: bench-compare
        seed: 0
        data: { name: fashion-mnist }
        model: { name: lenet-300-100 }
        training: { duration: {{epochs}}ep, batch_size: 128 }
        optimizer: { name: sgd, lr: 0.1, momentum: 0.9, weight_decay: 0.0001 }
        schedule: { name: cosine, warmup: {{(epochs > 1 ? "1ep" : "100it")}} }
        pruning: { strategy: lrr, levels: {{levels}}, rate: 0.2, scorer: global-magnitude, rewind_to: 200it }
        """;

    private static double Grid(string work, int jobs, int threads, bool quick)
    {
        var dir = Path.Combine(work, $"grid-{jobs}x{threads}");
        var baseSpec = SpecLoader.FromYaml(CompareSpec(0, 1), "grid") with { Threads = threads };
        var runs = Enumerable.Range(0, 4).Select(seed =>
            new PlannedRun("lenet", seed, Rewind.Pruning.RunValidation.Resolve(baseSpec with { Seed = seed, Name = $"grid-s{seed}" }), Path.Combine(dir, $"lenet-s{seed}"))).ToList();
        foreach (var run in runs) run.Prepare();
        var sw = Stopwatch.StartNew();
        new LocalWorkersExecutor(jobs, threads).Execute(runs, CancellationToken.None);
        double s = sw.Elapsed.TotalSeconds;
        Directory.Delete(dir, recursive: true);
        _ = quick;
        return s;
    }

    private static double Cli(params string[] args)
    {
        var cmd = WorkerCommand.Default();
        var info = new ProcessStartInfo(cmd.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in cmd.Prefix.Concat(args)) info.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode == 4) // some runs failed (a sporadic internal error in a worker): the same command continues the study
        {
            Console.WriteLine($"rewind {string.Join(" ", args)}: some runs failed; rerunning the command to finish them (the time counts)");
            return sw.Elapsed.TotalSeconds + Cli(args);
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"rewind {string.Join(" ", args)} failed ({p.ExitCode}):\n{output.Result}\n{error}");
        return sw.Elapsed.TotalSeconds;
    }

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
