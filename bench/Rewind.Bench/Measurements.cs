using System.Diagnostics;
using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Bench;

/// <summary>The benchmark's measurements; each returns the best of a few repetitions to damp machine noise.</summary>
public static class Measurements
{
    /// <summary>sgemm 2048×2048×2048 rate in GFLOP/s (best of 5).</summary>
    public static double SgemmGflops(int threads)
    {
        set_num_threads(threads);
        using var a = randn(2048, 2048);
        using var b = randn(2048, 2048);
        double best = double.MaxValue;
        for (int i = 0; i < 6; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var c = a.matmul(b)) { }
            if (i > 0) best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
    }

    /// <summary>A careful hand-written LeNet-300-100 epoch: in-memory data, index_select batches, torch.optim.SGD.</summary>
    public static double BareEpochSeconds(int threads)
    {
        set_num_threads(threads);
        using var data = DataCatalog.Load("fashion-mnist", null, 0);
        var model = nn.Sequential(("fc1", nn.Linear(784, 300)), ("r1", nn.ReLU()), ("fc2", nn.Linear(300, 100)),
            ("r2", nn.ReLU()), ("fc3", nn.Linear(100, 10)));
        var opt = optim.SGD(model.parameters(), 0.05, momentum: 0.9, weight_decay: 1e-4);
        var x = data.TrainInputs.flatten(1);
        long n = x.shape[0];
        double best = double.MaxValue;
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var sw = Stopwatch.StartNew();
            using var perm = randperm(n);
            for (long start = 0; start < n; start += 128)
            {
                using var scope = NewDisposeScope();
                var idx = perm.narrow(0, start, Math.Min(128, n - start));
                var loss = nn.functional.cross_entropy(model.forward(x.index_select(0, idx)), data.TrainLabels.index_select(0, idx));
                opt.zero_grad();
                loss.backward();
                opt.step();
            }
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static RunSpec BenchSpec(int threads, string duration, int levels) => new()
    {
        Name = "bench",
        Threads = threads,
        Data = new DataSpec { Name = "fashion-mnist" },
        Model = new ModelSpec { Name = "lenet-300-100" },
        Training = new TrainingSpec { Duration = Duration.Parse(duration), BatchSize = 128 },
        Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
        Pruning = new PruningSpec { Strategy = "lrr", Levels = levels, Rate = levels == 1 ? 0.8 : 0.2 },
    };

    private sealed class Quiet : ITrainingObserver;

    /// <summary>
    /// Seconds per epoch of Rewind's own loop as a user runs it (test evaluation every epoch, a checkpoint every epoch,
    /// an observer per step): level 0 is dense, level 1 is pruned to 20% density. Best epoch of each level.
    /// </summary>
    public static (double Dense, double Masked) RewindEpochSeconds(int threads, bool maskedToo = true)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rewind-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var spec = BenchSpec(threads, "3ep", maskedToo ? 1 : 0);
            var run = RunStore.Create(dir, RunValidation.Resolve(spec));
            Run.Execute(run, new Quiet(), writeReport: false);
            double Best(int level) => run.ReadEpochMetrics(level).Min(e => e.Seconds);
            return (Best(0), maskedToo ? Best(1) : double.NaN);
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class MemoryWatch(int levels) : ITrainingObserver
    {
        public double AfterFirst, AfterLast;
        public void OnLevelEnd(LevelSummary s)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double mb = Process.GetCurrentProcess().WorkingSet64 / 1e6;
            if (s.Level == 1) AfterFirst = mb;
            if (s.Level == levels) AfterLast = mb;
        }
    }

    /// <summary>Resident memory (MB) after level 1 and after the last of <paramref name="levels"/> short levels.</summary>
    public static (double Level1, double LevelN) ResidentMemoryAcrossLevels(int threads, int levels)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rewind-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var watch = new MemoryWatch(levels);
            var run = RunStore.Create(dir, RunValidation.Resolve(BenchSpec(threads, "150it", levels)));
            Run.Execute(run, watch, writeReport: false);
            return (watch.AfterFirst, watch.AfterLast);
        }
        finally { Directory.Delete(dir, true); }
    }
}
