using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>How <see cref="InferenceBenchmark"/> measures.</summary>
public sealed record InferenceBenchOptions
{
    /// <summary>Interleaved rounds: in each, every variant is timed once at batch 1 and once at <see cref="BatchSize"/>.</summary>
    public int Rounds { get; init; } = 7;

    /// <summary>Target duration of one timing (calls per timing are calibrated once to reach it).</summary>
    public double SecondsPerTiming { get; init; } = 0.25;

    /// <summary>The throughput batch size (the first examples of the test set).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Intra-op threads for TorchSharp and ONNX Runtime (1 = steadiest on a shared machine).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>True for a short smoke measurement (3 rounds of 0.03 s): proves the bench runs; numbers are indicative only.</summary>
    public bool Quick { get; init; }

    /// <summary>The quick settings.</summary>
    public static InferenceBenchOptions QuickRun { get; } = new() { Rounds = 3, SecondsPerTiming = 0.03, Quick = true };
}

/// <summary>
/// <c>rewind bench-inference RUN_DIR [--level N]</c> (issue 14): what a ticket buys at inference. Times, on the run's
/// own test inputs, batch-1 latency and batch-256 throughput of the dense parent (level 0), the masked ticket, the
/// compacted ticket (<see cref="Compaction"/>), a sparse forward of its Linear layers (TorchSharp's COO sparse × dense
/// product — TorchSharp has no CSR tensors and no sparse convolution), and the dense parent, masked and compacted
/// ONNX exports under ONNX Runtime. Variants are measured interleaved, round after round in rotating order, so load on a shared machine
/// hits all of them alike; each figure is the median and range over the rounds. Before timing, it checks the exports
/// against Rewind's logits and the compacted model's predictions on the whole test set. Writes
/// <see cref="InferenceResults"/> to the run folder, with the static facts (parameters, FLOPs, file sizes, accuracy)
/// of every finished level.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>The runtime name of the TorchSharp variants.</summary>
    public const string TorchSharpRuntime = "TorchSharp";

    /// <summary>The runtime name of the ONNX Runtime variants.</summary>
    public const string OnnxRuntime = "ONNX Runtime";

    /// <summary>Measures level <paramref name="level"/> (null: the last) of the run in <paramref name="runDir"/> and
    /// writes <c>inference.json</c> there (other levels' measurements are kept).</summary>
    public static InferenceResults Run(string runDir, int? level, InferenceBenchOptions? options = null, Action<string>? progress = null)
    {
        options ??= new InferenceBenchOptions();
        progress ??= _ => { };
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        int previousThreads = get_num_threads();
        set_num_threads(options.Threads);
        try
        {
            progress("Static facts of every level (parameters, FLOPs, file sizes)...");
            var facts = RunTicket.Levels(runDir).Select(l => Facts(runDir, l.Level)).ToList();
            using var ticket = RunTicket.Load(runDir, level);
            using var parent = RunTicket.Load(runDir, 0);
            using var data = ticket.TestData();
            var measured = Measure(ticket, parent, data.TestInputs, options, progress);
            var previous = InferenceResults.Read(runDir);
            var results = new InferenceResults
            {
                Model = ticket.Spec.Model.Name,
                Levels = facts,
                Measured = (previous?.Measured ?? []).Where(m => m.Level != measured.Level).Append(measured).OrderBy(m => m.Level).ToList(),
            };
            results.Write(ticket.Root);
            return results;
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }

    /// <summary>The static facts of one level.</summary>
    public static LevelFacts Facts(string runDir, int level)
    {
        using var ticket = RunTicket.Load(runDir, level);
        return Facts(ticket.Graph(), ticket.Level, ticket.Summary.Density, ticket.Summary.TestAccuracy);
    }

    /// <summary>The static facts of a graph (pure apart from encoding the ONNX files in memory).</summary>
    public static LevelFacts Facts(NetworkGraph graph, int level, double density, double accuracy)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var compaction = Compaction.Compact(graph);
        var onnx = OnnxExporter.ToBytes(graph);
        var (dense, nonzero) = Flops.Macs(graph);
        var (compactedMacs, _) = Flops.Macs(compaction.Graph);
        return new LevelFacts(level, density, accuracy, graph.ParameterCount(), graph.NonzeroWeights(),
            compaction.Graph.ParameterCount(), compaction.UnitsRemoved, dense, nonzero, compactedMacs, onnx.LongLength,
            GzipLength(onnx), OnnxExporter.ToBytes(compaction.Graph).LongLength, CsrBytes(graph));
    }

    /// <summary>Bytes of the weights in CSR (float32 values, int32 indices) plus every other stored float (biases, BN).</summary>
    public static long CsrBytes(NetworkGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long bytes = 0;
        foreach (var op in NetworkGraph.AllOps(graph.Ops))
        {
            bytes += op switch
            {
                WeightOp w => CsrMatrix.FromDense(w.Weight).Bytes + 4 * (w.Bias?.Count ?? 0),
                BatchNormOp b => 4 * (b.Scale.Count + b.Shift.Count + b.Mean.Count + b.Var.Count),
                _ => 0,
            };
        }
        return bytes;
    }

    private static MeasuredLevel Measure(RunTicket ticket, RunTicket parent, Tensor testInputs, InferenceBenchOptions options, Action<string> progress)
    {
        var graph = ticket.Graph();
        var compaction = Compaction.Compact(graph);
        long batch = Math.Min(options.BatchSize, testInputs.shape[0]);
        using var x1 = testInputs.narrow(0, 0, 1).contiguous();
        using var xb = testInputs.narrow(0, 0, batch).contiguous();
        var x1Data = x1.data<float>().ToArray();
        var xbData = xb.data<float>().ToArray();

        var parentGraph = parent.Graph();
        using var ortParent = new OnnxRunner(OnnxExporter.ToBytes(parentGraph), options.Threads);
        var maskedOnnx = OnnxExporter.ToBytes(graph);
        var compactedOnnx = OnnxExporter.ToBytes(compaction.Graph);
        using var ortMasked = new OnnxRunner(maskedOnnx, options.Threads);
        using var ortCompacted = new OnnxRunner(compactedOnnx, options.Threads);
        using var compacted = new GraphModule(compaction.Graph);
        bool mlp = compaction.Graph.WeightLayers().All(w => w is LinearOp);
        using var sparse = mlp ? new GraphModule(compaction.Graph, sparseLinear: true) : null;

        progress("Checking the exports against Rewind's logits...");
        var checks = Check(ticket.Model, compacted, testInputs, xb, xbData, ortMasked, ortCompacted);
        if (checks.PredictionMismatches > 0 || checks.OnnxMaskedMaxAbsDiff > 1e-4 || checks.OnnxCompactedMaxAbsDiff > 1e-4)
            progress($"WARNING: exports disagree with Rewind: {checks}");

        var denseMacs = Flops.Macs(graph).Dense;
        var parentMacs = Flops.Macs(parentGraph).Dense;
        var compactedMacs = Flops.Macs(compaction.Graph).Dense;
        var variants = new List<Variant>
        {
            Torch("dense parent, level 0", parentMacs, "the network before pruning", parent.Model, x1, xb),
            Torch($"masked ticket, level {ticket.Level}", denseMacs, "pruned weights are stored zeros: dense kernels do the same work", ticket.Model, x1, xb),
            Torch("compacted", compactedMacs, CompactedNote(compaction), compacted, x1, xb),
        };
        if (sparse is not null)
            variants.Add(Torch("compacted, sparse COO Linear layers", Flops.Macs(compaction.Graph).Nonzero,
                "torch sparse COO × dense (TorchSharp has no CSR type)", sparse, x1, xb));
        variants.Add(Onnx("dense parent, level 0", parentMacs, "level 0 exported to .onnx", ortParent, x1Data, x1.shape, xbData, xb.shape));
        variants.Add(Onnx($"masked ticket, level {ticket.Level}", denseMacs, "the masked .onnx export", ortMasked, x1Data, x1.shape, xbData, xb.shape));
        variants.Add(Onnx("compacted", compactedMacs, "the compacted .onnx export; " + CompactedNote(compaction), ortCompacted, x1Data, x1.shape, xbData, xb.shape));

        progress($"Calibrating {variants.Count} variants...");
        foreach (var v in variants)
        {
            v.Calls1 = Calibrate(v.Run1, options.SecondsPerTiming);
            v.CallsB = Calibrate(v.RunB, options.SecondsPerTiming);
        }
        for (int round = 0; round < options.Rounds; round++)
        {
            progress($"Round {round + 1}/{options.Rounds}");
            for (int i = 0; i < variants.Count; i++)
            {
                var v = variants[(i + round) % variants.Count]; // rotate the order every round
                v.Latency.Add(Time(v.Run1, v.Calls1) * 1e6);
                v.Throughput.Add(batch / Time(v.RunB, v.CallsB));
            }
        }
        var cpu = CpuName();
        return new MeasuredLevel(ticket.Level, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            $"{cpu}, {Environment.ProcessorCount} cores", options.Threads, options.Rounds, options.Quick, (int)batch,
            variants.Select(v => new VariantTiming(v.Name, v.Runtime, v.Macs, Spread.Of(v.Latency), Spread.Of(v.Throughput), v.Note)).ToList(),
            checks, compaction.Layers);
    }

    private static string CompactedNote(CompactionResult c) => c.UnitsRemoved == 0
        ? "nothing to remove at this level: the same network as the masked ticket"
        : string.Create(CultureInfo.InvariantCulture, $"{c.UnitsRemoved} units removed; dense kernels");

    private static ExportChecks Check(nn.Module<Tensor, Tensor> masked, GraphModule compacted, Tensor testInputs, Tensor xb, float[] xbData,
        OnnxRunner ortMasked, OnnxRunner ortCompacted)
    {
        using var mode = inference_mode();
        masked.eval();
        float[] reference;
        using (var y = masked.forward(xb)) reference = y.data<float>().ToArray();
        double onnxMasked = MaxAbsDiff(reference, ortMasked.Run(xbData, xb.shape));
        double onnxCompacted = MaxAbsDiff(reference, ortCompacted.Run(xbData, xb.shape));
        double maxDiff = 0;
        long mismatches = 0, n = testInputs.shape[0];
        for (long start = 0; start < n; start += 1000)
        {
            using var scope = NewDisposeScope();
            var x = testInputs.narrow(0, start, Math.Min(1000, n - start));
            var a = masked.forward(x);
            var b = compacted.forward(x);
            maxDiff = Math.Max(maxDiff, a.sub(b).abs().max().item<float>());
            mismatches += a.argmax(1).ne(b.argmax(1)).sum().item<long>();
        }
        return new ExportChecks(onnxMasked, onnxCompacted, maxDiff, n, mismatches);
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return a.Length == b.Length ? max : double.PositiveInfinity;
    }

    private static Variant Torch(string name, long macs, string note, nn.Module<Tensor, Tensor> model, Tensor x1, Tensor xb)
    {
        model.eval();
        void Forward(Tensor x)
        {
            using var mode = inference_mode();
            using var scope = NewDisposeScope();
            model.forward(x);
        }
        return new Variant(name, TorchSharpRuntime, macs, note, () => Forward(x1), () => Forward(xb));
    }

    private static Variant Onnx(string name, long macs, string note, OnnxRunner runner, float[] x1, long[] shape1, float[] xb, long[] shapeB) =>
        new(name, OnnxRuntime, macs, note, () => runner.Run(x1, shape1), () => runner.Run(xb, shapeB));

    /// <summary>Calls so that one timing lasts about <paramref name="seconds"/> (after two warm-up calls).</summary>
    private static int Calibrate(Action run, double seconds)
    {
        run();
        run();
        for (int calls = 1; ; calls *= 2)
        {
            double perCall = Time(run, calls);
            if (perCall * calls >= seconds / 4 || calls >= 1 << 16) return Math.Max(1, (int)Math.Ceiling(seconds / perCall));
        }
    }

    /// <summary>Seconds per call over <paramref name="calls"/> calls.</summary>
    private static double Time(Action run, int calls)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) run();
        return sw.Elapsed.TotalSeconds / calls;
    }

    private static long GzipLength(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return ms.Length;
    }

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException) { return "unknown CPU"; }
        catch (UnauthorizedAccessException) { return "unknown CPU"; }
    }

    private sealed class Variant(string name, string runtime, long macs, string note, Action run1, Action runB)
    {
        public string Name { get; } = name;
        public string Runtime { get; } = runtime;
        public long Macs { get; } = macs;
        public string Note { get; } = note;
        public Action Run1 { get; } = run1;
        public Action RunB { get; } = runB;
        public int Calls1 { get; set; }
        public int CallsB { get; set; }
        public List<double> Latency { get; } = [];
        public List<double> Throughput { get; } = [];
    }
}
