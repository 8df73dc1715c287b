using System.Text.Json;
using Rewind.Storage;

namespace Rewind.Export;

/// <summary>
/// What <c>rewind bench-inference</c> wrote to <c>runs/&lt;name&gt;/inference.json</c>: static facts of every finished
/// level (parameters, FLOPs, file sizes, accuracy) and the timings of the levels measured, each timing a
/// <see cref="Spread"/> over interleaved rounds. <see cref="TicketReport"/> renders it.
/// </summary>
public sealed record InferenceResults
{
    /// <summary>File name inside the run folder.</summary>
    public const string FileName = "inference.json";

    /// <summary>The run's model name.</summary>
    public required string Model { get; init; }

    /// <summary>One row per finished level.</summary>
    public required IReadOnlyList<LevelFacts> Levels { get; init; }

    /// <summary>The measured levels (the last bench of each level).</summary>
    public required IReadOnlyList<MeasuredLevel> Measured { get; init; }

    /// <summary>Reads <see cref="FileName"/> in <paramref name="runDir"/>, or null when absent.</summary>
    public static InferenceResults? Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<InferenceResults>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable ({e.Message}). Delete it and run `rewind bench-inference` again.", e);
        }
    }

    /// <summary>Writes <see cref="FileName"/> in <paramref name="runDir"/> (atomically).</summary>
    public void Write(string runDir) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, Json.Options) + "\n");
}

/// <summary>Static facts of one level's ticket.</summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Fraction of prunable weights kept.</param>
/// <param name="TestAccuracy">Test accuracy at the end of the level (fraction).</param>
/// <param name="Parameters">Parameters of the (dense-stored) model.</param>
/// <param name="NonzeroWeights">Nonzero weights of the Linear/Conv layers.</param>
/// <param name="CompactedParameters">Parameters after compaction.</param>
/// <param name="UnitsRemoved">Units (and input features) compaction removed.</param>
/// <param name="DenseMacs">Multiply–accumulates per example of the dense-stored model.</param>
/// <param name="NonzeroMacs">Multiply–accumulates per example counting nonzero weights only.</param>
/// <param name="CompactedMacs">Multiply–accumulates per example of the compacted model (dense kernels).</param>
/// <param name="OnnxBytes">Size of the masked model's ONNX file.</param>
/// <param name="OnnxGzipBytes">That file gzip-compressed (the zeros compress).</param>
/// <param name="CompactedOnnxBytes">Size of the compacted model's ONNX file.</param>
/// <param name="CsrBytes">Nonzero weights in CSR (float32 values, int32 indices) plus every other parameter, float32.</param>
public sealed record LevelFacts(int Level, double Density, double TestAccuracy, long Parameters, long NonzeroWeights,
    long CompactedParameters, long UnitsRemoved, long DenseMacs, long NonzeroMacs, long CompactedMacs, long OnnxBytes,
    long OnnxGzipBytes, long CompactedOnnxBytes, long CsrBytes);

/// <summary>The timings and checks of one measured level.</summary>
/// <param name="Level">The level.</param>
/// <param name="Date">When (UTC, ISO 8601).</param>
/// <param name="Machine">Processor and core count.</param>
/// <param name="Threads">Intra-op threads of TorchSharp and ONNX Runtime.</param>
/// <param name="Rounds">Interleaved rounds per variant.</param>
/// <param name="Quick">True for a short smoke measurement (numbers indicative only).</param>
/// <param name="BatchSize">The throughput batch size.</param>
/// <param name="Variants">One row per way of running the model.</param>
/// <param name="Checks">Agreement of the exports with Rewind's logits.</param>
/// <param name="Compaction">Units removed per layer.</param>
public sealed record MeasuredLevel(int Level, string Date, string Machine, int Threads, int Rounds, bool Quick, int BatchSize,
    IReadOnlyList<VariantTiming> Variants, ExportChecks Checks, IReadOnlyList<LayerCompaction> Compaction);

/// <summary>One way of running the ticket and its measured speed.</summary>
/// <param name="Name">What runs (e.g. "compacted").</param>
/// <param name="Runtime">Where it runs: "TorchSharp" or "ONNX Runtime"; the first variant of each runtime is the dense parent.</param>
/// <param name="Macs">Multiply–accumulates per example it performs.</param>
/// <param name="LatencyMicroseconds">Batch-1 latency per call (µs).</param>
/// <param name="ExamplesPerSecond">Throughput at the batch size.</param>
/// <param name="Note">What to know about it.</param>
public sealed record VariantTiming(string Name, string Runtime, long Macs, Spread LatencyMicroseconds, Spread ExamplesPerSecond, string Note);

/// <summary>How far the exports' outputs are from Rewind's.</summary>
/// <param name="OnnxMaskedMaxAbsDiff">Largest |logit difference| of the masked ONNX model under ONNX Runtime, on the first test batch.</param>
/// <param name="OnnxCompactedMaxAbsDiff">The same for the compacted ONNX model.</param>
/// <param name="CompactedMaxAbsDiff">Largest |logit difference| of the compacted model (TorchSharp) over the whole test set.</param>
/// <param name="TestExamples">Test examples compared.</param>
/// <param name="PredictionMismatches">Test examples whose predicted class differs between masked and compacted model.</param>
public sealed record ExportChecks(double OnnxMaskedMaxAbsDiff, double OnnxCompactedMaxAbsDiff, double CompactedMaxAbsDiff,
    long TestExamples, long PredictionMismatches);

/// <summary>Median and range of repeated measurements.</summary>
/// <param name="Median">The median.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Values">Every round's value.</param>
public sealed record Spread(double Median, double Min, double Max, IReadOnlyList<double> Values)
{
    /// <summary>The spread of <paramref name="values"/> (at least one).</summary>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("need at least one value", nameof(values));
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[^1], values.ToArray());
    }
}
