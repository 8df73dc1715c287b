using Rewind.Models;

namespace Rewind.Runs;

/// <summary>
/// How many worker processes a study runs at once by default (<c>--jobs auto</c>), and with how many threads each, so
/// that the machine finishes the most runs per hour. Small fully connected networks (LeNet-300-100: 266,610 weights)
/// multiply matrices too small for a second thread to pay off, so one single-thread worker per core wins; convolutional
/// networks do enough work per step for threads to scale, so fewer workers with more threads each win (and need less
/// memory). Measured on the 2-core machine kind of this project (AMD EPYC, TorchSharp-cpu 0.107, libtorch 2.10):
/// <list type="bullet">
/// <item>LeNet-300-100 on Fashion-MNIST: one epoch took 1.207 s at 1 thread and 1.018 s at 2 threads on a quiet machine
/// (bench/results/bench-2t.md), so 2 workers × 1 thread train 2 / 1.207 = 1.66 epochs/s against 0.98 for 1 × 2: 1.69×.
/// Whole runs side by side (process start-up included): 1.45–1.64× (issue 11, two rounds). Measured again for this rule
/// on a loaded machine (load average ≈ 40 on 2 cores; the lead re-measures on a quiet one), 4 runs of 1 epoch:
/// see docs/guide/executors.md, where 2 × 1 was again the fastest.</item>
/// <item>conv-16-32 (CIFAR-sized input, 3×32×32): 0.074 s per step at 1 thread, 0.056 s at 2 (1.32×): 2 × 1 wins.</item>
/// <item>ResNet-20: 0.676 s per step at 1 thread, 0.275 s at 2 (2.46×): 1 × 2 wins. VGG-19: 6.33 s and 3.60 s (1.76×):
/// about even, and 1 × 2 needs half the memory (bench/results/vision-1t.md, vision-2t.md).</item>
/// </list>
/// Rule: a fully connected network (<c>lenet-…</c>, <c>fc-…</c>, counted at 28×28 input) or a plain conv net
/// (<c>conv-…</c>, counted at 3×32×32) with at most <see cref="SmallModelParameters"/> weights gets one single-thread
/// worker per core; any other model (ResNets, VGG, larger networks) gets one worker per two cores (at least one), with
/// the cores shared out as threads.
/// </summary>
public static class WorkerCount
{
    /// <summary>Networks up to this many weights count as small (LeNet-300-100 and conv-16-32 are; ResNet-20 is a conv net that scales with threads).</summary>
    public const long SmallModelParameters = 2_000_000;

    /// <summary>
    /// The number of workers for <paramref name="cores"/> cores and a model of <paramref name="parameters"/> weights;
    /// <paramref name="scalesWithThreads"/> marks models whose steps scale with threads (deep conv nets).
    /// </summary>
    public static int Default(int cores, long parameters, bool scalesWithThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        return parameters <= SmallModelParameters && !scalesWithThreads ? cores : Math.Max(1, cores / 2);
    }

    /// <summary>The number of workers for <paramref name="cores"/> cores and the model named <paramref name="model"/>.</summary>
    public static int ForModel(int cores, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool fullyConnected = model.StartsWith("lenet-", StringComparison.OrdinalIgnoreCase) || model.StartsWith("fc-", StringComparison.OrdinalIgnoreCase);
        if (fullyConnected) return Default(cores, ModelCatalog.ParameterCount(model, [1, 28, 28], 10), scalesWithThreads: false);
        bool smallConv = model.StartsWith("conv-", StringComparison.OrdinalIgnoreCase);
        return Default(cores, smallConv ? ModelCatalog.ParameterCount(model, [3, 32, 32], 10) : long.MaxValue, scalesWithThreads: !smallConv);
    }

    /// <summary>The threads of each of <paramref name="jobs"/> workers on <paramref name="cores"/> cores (the cores shared out, at least 1).</summary>
    public static int ThreadsPerWorker(int cores, int jobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        return Math.Max(1, cores / jobs);
    }
}
