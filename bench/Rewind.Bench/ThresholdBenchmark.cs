using System.Diagnostics;
using Rewind.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Bench;

/// <summary>
/// The exact global threshold (issue #5: "25 million weights in under 0.5 s"): <see cref="Pruner.Prune(IReadOnlyList{Tensor}, MaskSet, double, PruningScope)"/>
/// with the global scope — the radix select of <see cref="ExactSelection"/> with stable tie breaking, and the new mask
/// set — over 25 M float scores in four tensors (like a network's layers), 20% of them
/// already pruned, and scores quantised to 1e-4 so that thousands of entries tie at the threshold.
/// </summary>
public static class ThresholdBenchmark
{
    /// <summary>Tensor sizes: 25,000,000 weights in total.</summary>
    public static readonly long[][] Shapes = [[5000, 2000], [2000, 2000, 2], [3000, 1000], [2000, 2000]];

    /// <summary>Best and median seconds of <paramref name="repeats"/> global prunes to density 0.64 (after one warm-up).</summary>
    public static (double Best, double Median, long Total, long Kept) Run(int threads, int repeats = 5)
    {
        set_num_threads(threads);
        using var g = new Generator(12345, CPU);
        // Quantised to 1e-4: thousands of entries tie at any threshold.
        var scores = Shapes.Select(s => rand(s, generator: g).mul_(10000).floor_().div_(10000)).ToList();
        var masks = Shapes.Select((s, i) =>
        {
            using var r = rand(s, generator: g);
            return new KeyValuePair<string, Tensor>($"layer{i}.weight", r.ge(0.2).to(ScalarType.Float32));
        }).ToList();
        using var current = MaskSet.FromTensors(masks);
        foreach (var m in masks) m.Value.Dispose();
        long total = current.Total;
        var times = new List<double>();
        long kept = 0;
        for (int i = 0; i <= repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            using var next = Pruner.Prune(scores, current, 0.64, PruningScope.Global);
            double seconds = sw.Elapsed.TotalSeconds;
            if (i > 0) times.Add(seconds);
            kept = next.Remaining;
        }
        foreach (var s in scores) s.Dispose();
        if (kept != total - PruningCounts.PrunedCount(0.64, total))
            throw new InvalidOperationException($"threshold benchmark kept {kept}, expected {total - PruningCounts.PrunedCount(0.64, total)}");
        times.Sort();
        return (times[0], times[times.Count / 2], total, kept);
    }
}
