using Rewind.Analysis;
using Rewind.Data;
using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;

namespace Rewind.Tests.Pruning;

/// <summary>The loop with a peak rule, a validation hold-out and per-level statistics, on tiny synthetic runs.</summary>
public sealed class PeakRunTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public List<int> Trained { get; } = [];
        public List<string> Messages { get; } = [];
        public void OnLevelTrained(int level, TrainingState state) => Trained.Add(level);
        public void OnMessage(string message) => Messages.Add(message);
    }

    private static RunSpec Spec(string peak, int levels = 3) => RunValidation.Resolve(SpecLoader.FromYaml($$"""
        name: peak-test
        seed: 5
        threads: 1
        data: { name: synthetic, validation: 256 }
        model: { name: fc-32x2 }
        training: { duration: 2ep, batch_size: 128 }
        optimizer: { name: sgd, lr: 0.02 }
        schedule: { name: warmup-step, warmup: 8it, drops: [20it] }
        pruning: { strategy: lrr, levels: {{levels}}, rate: 0.5 }
        {{peak}}
        """, "test.yaml"));

    [Fact]
    public void Adaptive_run_records_statistics_and_its_peaks_are_the_rule_applied_to_them()
    {
        using var tmp = new TempDir();
        var spec = Spec("peak: { name: adaptive, statistic: gradient, min_factor: 0.5, max_factor: 8 }");
        var dir = RunStore.Create(tmp["run"], spec);
        var observer = new Recorder();
        var levels = TestRuns.Execute(dir, observer);

        Assert.Equal([0, 1, 2, 3], observer.Trained);
        var stats = Enumerable.Range(0, 4).Select(l => dir.ReadStatistics(l)!).ToArray();
        var rule = new AdaptivePeak(0.02, stats.Select(s => s.GradientMeanSquare).ToArray(), 0.5, 8);
        for (int l = 0; l < 4; l++) Assert.Equal(rule.Peak(l), levels[l].PeakLearningRate);
        Assert.Equal(0.02, levels[1].PeakLearningRate); // level 1 reads level 0's own statistic
        Assert.NotEqual(0.02, levels[3].PeakLearningRate);

        foreach (var s in stats)
        {
            // One gradient per unpruned weight and probe batch, all counted once in the Sturges histogram.
            long remaining = s.Layers.Sum(l => l.Remaining);
            Assert.Equal(remaining * s.Batches, s.GradientCount);
            Assert.Equal(s.GradientCount, s.GradientHistogram.Total);
            Assert.Equal(Distributions.SturgesBins(s.GradientCount), s.GradientHistogram.Bins);
            Assert.True(s.GradientStd > 0);
            Assert.All(s.Layers, l => Assert.True(l.InputMeanSquare > 0 && l.FirstEpochWeightChange > 0));
            Assert.Equal(s.Layers.Skip(1).Average(l => l.InputMeanSquare), s.ActivationMeanSquare);
        }
    }

    [Fact]
    public void Validation_hold_out_gives_validation_metrics_and_the_early_stop_test_accuracy()
    {
        using var tmp = new TempDir();
        var dir = RunStore.Create(tmp["run"], Spec("peak: { name: silo, delta: 0.03, q: 1, beta: 5 }", levels: 2));
        var levels = TestRuns.Execute(dir, new Recorder());

        for (int l = 0; l <= 2; l++)
        {
            Assert.Equal(SiloPeak.MaxLr(l, 0.02, 0.03, 0.5, 1, 5), levels[l].PeakLearningRate);
            var epochs = Rewind.Storage.EpochMetricsJsonl.Read(dir.EpochMetricsPath(l));
            Assert.All(epochs, e => Assert.InRange(e.ValidationAccuracy, 0.0, 1.0));
            var best = epochs.First(e => e.ValidationAccuracy == epochs.Max(x => x.ValidationAccuracy));
            Assert.Equal(best.TestAccuracy, levels[l].EarlyStopTestAccuracy);
            Assert.Equal(best.Epoch, levels[l].EarlyStopEpoch);
            Assert.Equal(epochs[^1].ValidationAccuracy, levels[l].ValidationAccuracy);
        }
        Assert.Equal(levels, Rewind.Storage.MetricsCsv.Read(dir.MetricsCsvPath));
    }

    [Fact]
    public void Early_stop_takes_the_test_accuracy_of_the_first_epoch_with_the_best_validation_accuracy()
    {
        EpochMetrics E(int epoch, double val, double test) => new(0, epoch, epoch * 10, 0.1, 1, 0.5, 1, test, 1, 1, val);
        var s = LevelSummary.Of(0, 1, 0, 0, [E(1, 0.5, 0.4), E(2, 0.7, 0.8), E(3, 0.7, 0.9), E(4, 0.6, 0.85)], 0.1);
        Assert.Equal(0.8, s.EarlyStopTestAccuracy);
        Assert.Equal(2, s.EarlyStopEpoch);
        Assert.Equal(0.7, s.BestValidationAccuracy);
        Assert.Equal(0.85, s.TestAccuracy);
        Assert.Equal(0.6, s.ValidationAccuracy);
        var none = LevelSummary.Of(0, 1, 0, 0, [new EpochMetrics(0, 1, 10, 0.1, 1, 0.5, 1, 0.3, 1)], 0.1);
        Assert.True(double.IsNaN(none.EarlyStopTestAccuracy));
        Assert.Equal(0, none.EarlyStopEpoch);
    }

    [Fact]
    public void A_run_reuses_exactly_the_levels_another_run_computed_as_it_would()
    {
        using var tmp = new TempDir();
        var fixedRun = RunStore.Create(tmp["fixed"], Spec("", levels: 3));
        var fixedLevels = TestRuns.Execute(fixedRun, new Recorder());

        // SILO with q = 2 trains levels 0..2 at ε, exactly as the fixed run did; level 3 is its own.
        var silo = RunStore.Create(tmp["silo"], Spec("peak: { name: silo, delta: 0.03, q: 2 }", levels: 3));
        var observer = new Recorder();
        silo.RecordReuse(new LevelReuse(fixedRun.Root, 10));
        var siloLevels = TestRuns.Execute(silo, observer);

        Assert.Contains(observer.Messages, m => m.StartsWith("Levels 0..2 reused from", StringComparison.Ordinal));
        Assert.Equal([3], observer.Trained);
        for (int l = 0; l <= 2; l++) Assert.Equal(fixedLevels[l], siloLevels[l]);
        Assert.Equal(SiloPeak.MaxLr(3, 0.02, 0.03, 0.5, 2, 5), siloLevels[3].PeakLearningRate);
    }

    [Fact]
    public void Hold_out_splits_the_training_set_by_seed_into_disjoint_sets_that_keep_their_order()
    {
        using var data = SyntheticData.Classification(seed: 1, trainCount: 100, testCount: 10);
        using var a = data.HoldOut(30, seed: 7);
        using var b = data.HoldOut(30, seed: 7);
        using var c = data.HoldOut(30, seed: 8);
        Assert.Equal(70, a.TrainCount);
        Assert.Equal(30, a.ValidationCount);
        Assert.Equal(10, a.TestCount);
        float[] Firsts(TorchSharp.torch.Tensor x) => x.select(1, 0).data<float>().ToArray();
        var all = Firsts(data.TrainInputs);
        var train = Firsts(a.TrainInputs);
        var validation = Firsts(a.ValidationInputs!);
        Assert.Equal(all.Order(), train.Concat(validation).Order());
        Assert.Equal(all.Where(train.Contains), train); // original order kept
        Assert.Equal(validation, Firsts(b.ValidationInputs!));
        Assert.NotEqual(validation, Firsts(c.ValidationInputs!));
        var e = Assert.Throws<RewindUserException>(() => data.HoldOut(100, 7));
        Assert.Contains("data.validation = 100 is out of range", e.Message);
    }
}
