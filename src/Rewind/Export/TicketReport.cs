using System.Globalization;
using System.Text;

namespace Rewind.Export;

/// <summary>
/// The "What this ticket buys" section of a run report (issue 14), rendered from the run folder's
/// <c>inference.json</c> (<see cref="InferenceResults"/>, written by <c>rewind bench-inference</c>): per level the
/// parameters, file sizes, FLOPs and accuracy; for each measured level the latency and throughput of every variant
/// with their spread, and a plain statement of whether anything got faster than the dense parent.
/// </summary>
public static class TicketReport
{
    /// <summary>A speed ratio counts as a speed-up (or slow-down) only when every round agrees by more than this factor.</summary>
    public const double Margin = 1.1;

    /// <summary>The Markdown section for the run in <paramref name="runDir"/>; empty when it has no <c>inference.json</c>.</summary>
    public static string Markdown(string runDir)
    {
        var results = InferenceResults.Read(runDir);
        return results is null ? "" : Markdown(results);
    }

    /// <summary>The Markdown section for <paramref name="results"/>.</summary>
    public static string Markdown(InferenceResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var md = new StringBuilder("## What this ticket buys\n\n");
        md.Append("Per level: stored parameters, nonzero weights, the compacted model (dead units removed), theoretical FLOPs per example ")
          .Append("(2 × multiply–adds of the Linear/Conv layers: dense kernels, nonzero weights only, compacted), file sizes and test accuracy. ")
          .Append("Written by `rewind bench-inference`.\n\n");
        var measured = results.Measured.ToDictionary(m => m.Level);
        md.Append("| level | density (%) | test acc. (%) | parameters | nonzero weights | compacted parameters | units removed | MFLOPs dense | MFLOPs nonzero | MFLOPs compacted | ONNX (KB) | ONNX gzip (KB) | compacted ONNX (KB) | CSR (KB) | batch-1 latency, compacted ORT (µs) |\n")
          .Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var l in results.Levels.OrderBy(l => l.Level))
        {
            string latency = measured.TryGetValue(l.Level, out var m) && m.Variants.FirstOrDefault(v => v.Name == "compacted" && v.Runtime == InferenceBenchmark.OnnxRuntime) is { } v
                ? Range(v.LatencyMicroseconds, "F1") : "not measured";
            md.Append("| ").Append(string.Join(" | ",
                I(l.Level), P(l.Density), P(l.TestAccuracy), C(l.Parameters), C(l.NonzeroWeights), C(l.CompactedParameters), C(l.UnitsRemoved),
                MF(l.DenseMacs), MF(l.NonzeroMacs), MF(l.CompactedMacs), KB(l.OnnxBytes), KB(l.OnnxGzipBytes), KB(l.CompactedOnnxBytes), KB(l.CsrBytes), latency))
              .Append(" |\n");
        }
        md.Append('\n');
        foreach (var m in results.Measured.OrderBy(m => m.Level)) AppendMeasured(md, m);
        return md.ToString();
    }

    private static void AppendMeasured(StringBuilder md, MeasuredLevel m)
    {
        md.Append("### Level ").Append(I(m.Level)).Append(" measured\n\n");
        if (m.Quick)
            md.Append("**Quick measurement** (a smoke run of few short rounds): indicative only; rerun `rewind bench-inference` without `--quick` on a quiet machine for numbers to quote.\n\n");
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"{m.Date}, {m.Machine}, {m.Threads} thread(s), {m.Rounds} interleaved rounds; each cell is the median (min–max) over the rounds. Batch-{m.BatchSize} inputs are the first test examples.\n\n"));
        md.Append("| runtime | variant | MFLOPs / example | batch-1 latency (µs) | batch-").Append(I(m.BatchSize)).Append(" throughput (examples/s) | speed vs dense parent, batch 1 | speed vs dense parent, batch ")
          .Append(I(m.BatchSize)).Append(" | note |\n|---|---|---:|---:|---:|---:|---:|---|\n");
        foreach (var v in m.Variants)
        {
            var parent = Parent(m, v.Runtime);
            md.Append("| ").Append(string.Join(" | ", v.Runtime, v.Name, MF(v.Macs), Range(v.LatencyMicroseconds, "F1"), Range(v.ExamplesPerSecond, "F0"),
                ReferenceEquals(v, parent) ? "1" : Ratio(Ratios(parent.LatencyMicroseconds, v.LatencyMicroseconds, inverse: false)),
                ReferenceEquals(v, parent) ? "1" : Ratio(Ratios(parent.ExamplesPerSecond, v.ExamplesPerSecond, inverse: true)), v.Note)).Append(" |\n");
        }
        md.Append('\n');
        var c = m.Checks;
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"Checks: ONNX Runtime vs Rewind logits on the batch, max |Δ| {c.OnnxMaskedMaxAbsDiff:G3} (masked) and {c.OnnxCompactedMaxAbsDiff:G3} (compacted); " +
            $"compacted vs masked over all {c.TestExamples:N0} test examples: max |Δ logit| {c.CompactedMaxAbsDiff:G3}, {c.PredictionMismatches} different predictions.\n\n"));
        md.Append(Verdict(m)).Append("\n\n");
        if (m.Compaction.Count > 0)
            md.Append("Units removed by compaction:\n\n").Append(CompactionTable.Markdown(m.Compaction)).Append('\n');
    }

    /// <summary>Plain sentences, per runtime and batch size: the fastest pruned variant against the dense parent in the
    /// same runtime, or that none is measurably faster.</summary>
    public static string Verdict(MeasuredLevel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder();
        foreach (var runtime in m.Variants.Select(v => v.Runtime).Distinct())
        {
            var parent = Parent(m, runtime);
            var others = m.Variants.Where(v => v.Runtime == runtime && !ReferenceEquals(v, parent)).ToList();
            if (others.Count == 0) continue;
            foreach (var (label, latency) in new[] { ("batch 1", true), ($"batch {m.BatchSize}", false) })
            {
                Spread Pick(VariantTiming v) => latency ? v.LatencyMicroseconds : v.ExamplesPerSecond;
                var best = others.Select(v => (v, r: Ratios(Pick(parent), Pick(v), inverse: !latency))).OrderByDescending(x => x.r.Median).First();
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(best.r.Min > Margin
                    ? string.Create(CultureInfo.InvariantCulture, $"{runtime}, {label}: the {best.v.Name} is **{best.r.Median:F2}× as fast** as the dense parent ({best.r.Min:F2}–{best.r.Max:F2} over the rounds).")
                    : string.Create(CultureInfo.InvariantCulture, $"{runtime}, {label}: **no measurable speed-up** over the dense parent — the best, the {best.v.Name}, runs at {best.r.Median:F2}× ({best.r.Min:F2}–{best.r.Max:F2} over the rounds; a speed-up needs every round above {Margin:F1}×)."));
            }
        }
        return sb.ToString();
    }

    private static VariantTiming Parent(MeasuredLevel m, string runtime) => m.Variants.First(v => v.Runtime == runtime);

    /// <summary>Per-round speed ratios of <paramref name="variant"/> over <paramref name="parent"/> (rounds are interleaved,
    /// so round r of both was measured under the same load): times divide parent by variant, rates variant by parent.</summary>
    public static Spread Ratios(Spread parent, Spread variant, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(variant);
        int n = Math.Min(parent.Values.Count, variant.Values.Count);
        var ratios = Enumerable.Range(0, n).Select(i => inverse ? variant.Values[i] / parent.Values[i] : parent.Values[i] / variant.Values[i]).ToArray();
        return Spread.Of(ratios);
    }

    private static string Ratio(Spread r) => string.Create(CultureInfo.InvariantCulture, $"{r.Median:F2}× ({r.Min:F2}–{r.Max:F2})");
    private static string Range(Spread s, string format) =>
        $"{s.Median.ToString(format, CultureInfo.InvariantCulture)} ({s.Min.ToString(format, CultureInfo.InvariantCulture)}–{s.Max.ToString(format, CultureInfo.InvariantCulture)})";
    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string C(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string P(double v) => (100 * v).ToString("0.##", CultureInfo.InvariantCulture);
    private static string MF(long macs) => (2 * macs / 1e6).ToString("0.###", CultureInfo.InvariantCulture);
    private static string KB(long bytes) => (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
