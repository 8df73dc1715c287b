using System.Diagnostics;
using System.Globalization;
using Rewind.Bench;

if (args.Contains("--decode")) return DecodeBenchmark.Run(args); // streamed image decoding: see DecodeBenchmark.cs
if (args.Contains("--study")) return StudyBenchmark.Run(args); // studies: sequential vs worker processes (issue 11): see StudyBenchmark.cs
// Rewind's performance benchmark (ISSUE 3 §11): every figure measured in one run, so ratios compare like with like.
//   dotnet run -c Release --project bench/Rewind.Bench -- [--threads 2] [--levels 20] [--out bench/results]
//   dotnet run -c Release --project bench/Rewind.Bench -- --threshold-only        (exact global threshold, 25 M weights)
//   dotnet run -c Release --project bench/Rewind.Bench -- --vision resnet-20,vgg-19 [--threads 2]   (step times only)
//   dotnet run -c Release --project bench/Rewind.Bench -- --speed-table [--quick] [--rounds 3] [--steps 3] [--models a,b]
Rewind.Core.TorchRuntime.Configure();
var options = BenchOptions.Parse(args);
var results = new List<(string Name, string Value, string Target)>();
var sw = Stopwatch.StartNew();
Console.WriteLine($"Rewind benchmark, {options.Threads} thread(s), {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
if (options.SpeedTable)
{
    var table = SpeedTable.Run(options.Threads, options.Rounds, options.Steps, options.Models, options.Quick);
    Console.WriteLine();
    Console.WriteLine(table);
    Directory.CreateDirectory(options.Out);
    var file = Path.Combine(options.Out, $"speed-{options.Threads}t{(options.Quick ? "-quick" : "")}.md");
    File.WriteAllText(file, $"Measured {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores in {sw.Elapsed.TotalSeconds:F0} s" +
        $"{(options.Quick ? " (--quick: a few small models, 2 rounds of 2 steps; proves the code runs, not a measurement to quote)" : "")}\n\n" + table);
    Console.WriteLine($"Written to {file}");
    return 0;
}

var threshold = ThresholdBenchmark.Run(options.Threads);
results.Add(($"exact global threshold, {threshold.Total:N0} weights, best / median of 5 (s)", $"{F(threshold.Best)} / {F(threshold.Median)}", "< 0.5"));
if (options.ThresholdOnly)
{
    Console.WriteLine($"| {results[0].Name} | {results[0].Value} | {results[0].Target} |");
    return 0;
}

double gemm = Measurements.SgemmGflops(options.Threads);
double gemm1 = options.Threads == 1 ? gemm : Measurements.SgemmGflops(1);
results.Add(("sgemm 2048³ GFLOP/s, " + options.Threads + " threads", F(gemm), ""));
if (options.VisionModels.Count > 0)
{
    foreach (var model in options.VisionModels)
    {
        double step = VisionSteps.StepSeconds(model, options.Threads);
        results.Add(($"{model} training step, batch 128, 3×32×32 (s)", F(step), ""));
        if (VisionSteps.ForwardMacs.TryGetValue(model, out double macs))
            results.Add(($"{model} throughput vs sgemm", (6 * macs * 128 / step / 1e9 / gemm).ToString("P0", CultureInfo.InvariantCulture), ""));
    }
    WriteTable($"vision-{options.Threads}t.md");
    return 0;
}
if (options.Threads != 1) results.Add(("sgemm 2048³ GFLOP/s, 1 thread", F(gemm1), ""));

var bare = Measurements.BareEpochSeconds(options.Threads);
results.Add(("bare TorchSharp LeNet-300-100 epoch (s)", F(bare), ""));
var (dense, masked) = Measurements.RewindEpochSeconds(options.Threads);
results.Add(("Rewind trainer epoch, dense (s)", F(dense), ""));
results.Add(("Rewind trainer epoch, masked 20% density (s)", F(masked), ""));
results.Add(("Rewind epoch / bare epoch", F(dense / bare), "≤ 1.10"));
results.Add(("masked / dense", F(masked / dense), "≤ 1.03"));
const double GflopPerEpoch = 95.8;
results.Add(($"throughput vs sgemm, {options.Threads} threads", (GflopPerEpoch / dense / gemm).ToString("P0", CultureInfo.InvariantCulture), options.Threads >= 2 ? "≥ 60%" : "≥ 75%"));
if (options.Threads != 1)
{
    var (dense1, _) = Measurements.RewindEpochSeconds(1, maskedToo: false);
    results.Add(("Rewind trainer epoch, dense, 1 thread (s)", F(dense1), ""));
    results.Add(("throughput vs sgemm, 1 thread", (GflopPerEpoch / dense1 / gemm1).ToString("P0", CultureInfo.InvariantCulture), "≥ 75%"));
}
var (rss1, rssN) = Measurements.ResidentMemoryAcrossLevels(options.Threads, options.Levels);
results.Add(($"resident memory after level 1 / level {options.Levels} (MB)", $"{rss1:F0} / {rssN:F0}", ""));
results.Add(("memory growth level 1 → " + options.Levels, ((rssN - rss1) / rss1).ToString("P1", CultureInfo.InvariantCulture), "< 5%"));

WriteTable($"bench-{options.Threads}t.md");
return 0;

void WriteTable(string name)
{
    var table = "| measurement | value | target |\n|---|---|---|\n" + string.Join("\n", results.Select(r => $"| {r.Name} | {r.Value} | {r.Target} |")) + "\n";
    Console.WriteLine();
    Console.WriteLine(table);
    Directory.CreateDirectory(options.Out);
    var file = Path.Combine(options.Out, name);
    File.WriteAllText(file, $"Measured {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores in {sw.Elapsed.TotalSeconds:F0} s\n\n" + table);
    Console.WriteLine($"Written to {file}");
}

static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
