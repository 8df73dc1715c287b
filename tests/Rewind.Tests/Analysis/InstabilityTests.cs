using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Analysis;

[Collection("cli")]
public class InstabilityTests
{
    private static string Spec(string strategy, string data = "synthetic", string model = "fc-32x2") => $$"""
        name: instability-test
        seed: 2
        threads: 1
        data: { name: {{data}}, train_subset: {{(data == "synthetic" ? 0 : 512)}}, test_subset: {{(data == "synthetic" ? 0 : 256)}} }
        model: { name: {{model}} }
        training: { duration: 1ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05, momentum: 0.9 }
        schedule: { name: cosine }
        pruning: { strategy: {{strategy}}, levels: 2, rate: 0.3, rewind_to: 5it }
        """;

    private sealed class Quiet : ITrainingObserver;

    private static RunStore TrainedRun(TempDir tmp, string strategy, string data = "synthetic", string model = "fc-32x2")
    {
        var store = RunStore.Create(tmp[strategy], RunValidation.Resolve(SpecLoader.FromYaml(Spec(strategy, data, model), "test")));
        TestRuns.Execute(store, new Quiet());
        return store;
    }

    private static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers())
            .Where(p => p.Item2.is_floating_point())
            .ToDictionary(p => p.Item1, p => p.Item2.detach().cpu().data<float>().ToArray());

    [Fact]
    public void The_barrier_is_the_curves_maximum_above_the_mean_of_its_ends()
    {
        Assert.Equal(0.3 - (0.1 + 0.2) / 2, Instability.Barrier([0.1, 0.3, 0.2]));
        Assert.Equal(0.3 - (0.1 + 0.3) / 2, Instability.Barrier([0.1, 0.2, 0.3])); // a monotone curve: half the gap of its ends
        Assert.Equal(0.0, Instability.Barrier([0.25, 0.25, 0.25, 0.25]));
        Assert.Equal(0.5 - 0.1, Instability.Barrier([0.1, 0.5, 0.1]));
        Assert.True(double.IsNaN(Instability.Barrier([0.1, double.NaN, 0.1])));
        Assert.Throws<ArgumentException>(() => Instability.Barrier([0.1]));
    }

    [Fact]
    public void Alphas_run_from_exactly_0_to_exactly_1_and_copy_bs_order_seed_differs_from_the_runs()
    {
        var a = Instability.Alphas(10);
        Assert.Equal(11, a.Count);
        Assert.Equal(0.0, a[0]);
        Assert.Equal(1.0, a[^1]);
        Assert.Equal(0.3, a[3]);
        Assert.Equal([0.0, 0.5, 1.0], Instability.Alphas(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Instability.Alphas(0));
        foreach (int seed in new[] { 0, 1, 2, 7, 1000, int.MaxValue - 1 })
        {
            int b = Instability.OrderSeedB(seed);
            Assert.NotEqual(seed, b);
            Assert.InRange(b, 0, int.MaxValue);
            Assert.Equal(b, Instability.OrderSeedB(seed)); // recorded, reproducible
        }
        Assert.NotEqual(Instability.OrderSeedB(0), Instability.OrderSeedB(1));
    }

    [Fact]
    public void Recomputed_batchnorm_statistics_are_the_average_of_the_batches_statistics()
    {
        using var bn = nn.BatchNorm1d(2);
        using var model = nn.Sequential(("bn", bn));
        var x1 = tensor(new float[] { 1, 10, 3, 20, 5, 30 }, [3, 2]);   // means (3, 20), unbiased variances (4, 100)
        var x2 = tensor(new float[] { 0, -2, 2, 2 }, [2, 2]);            // means (1, 0),  unbiased variances (2, 8)
        bn.running_mean!.fill_(7); // stale statistics must not leak in
        Assert.Equal(1, Instability.RecomputeBatchNorm(model, [x1, x2]));
        Assert.Equal([2f, 10f], bn.running_mean!.data<float>().ToArray());
        Assert.Equal([3f, 54f], bn.running_var!.data<float>().ToArray());
        Assert.Equal(0.1, bn.momentum!.Value);   // the layer's own momentum is restored
        Assert.False(model.training);     // left in eval mode, which uses the running statistics
        using var y = model.forward(tensor(new float[] { 5, 10, 2, 10 }, [2, 2]));
        Assert.Equal(3 / Math.Sqrt(3 + 1e-5), y[0, 0].item<float>(), 1e-5); // (x − 2) / √(3 + ε): the running statistics, not the batch's
        Assert.Equal(0f, y[1, 0].item<float>(), 1e-6f);
        Assert.Equal(0f, y[0, 1].item<float>(), 1e-6f);
        Assert.Equal(0, Instability.RecomputeBatchNorm(nn.Sequential(("fc", nn.Linear(2, 2))), [x1])); // nothing to do without BatchNorm
    }

    [Theory]
    [InlineData("lrr", InstabilityStart.LevelStart)]
    [InlineData("wr", InstabilityStart.Rewind)]
    [InlineData("imp", InstabilityStart.Init)]
    public void Copy_a_from_the_runs_own_start_in_its_own_order_reproduces_the_stored_level(string strategy, InstabilityStart start)
    {
        using var tmp = new TempDir();
        var store = TrainedRun(tmp, strategy);
        using var data = RunFactory.LoadData(store.Spec, CPU);
        var history = new List<EpochMetrics>();
        using var copy = Instability.TrainCopy(store, data, CPU, 2, start, store.Spec.Seed, history);
        using var final = store.LoadFinal(2);
        var trained = Weights(copy.Model);
        foreach (var (name, stored) in final.Model.Where(kv => kv.Value.is_floating_point()))
            Assert.Equal(stored.data<float>().ToArray(), trained[name]); // bit for bit: the start, mask, plan and order are the run's
        Assert.Equal(store.ReadSummary(2).TestAccuracy, history[^1].TestAccuracy);
    }

    [Fact]
    public void Two_copies_in_the_same_order_are_identical_and_their_barrier_is_exactly_zero()
    {
        using var tmp = new TempDir();
        var store = TrainedRun(tmp, "lrr");
        using var data = RunFactory.LoadData(store.Spec, CPU);
        foreach (var start in new[] { InstabilityStart.Init, InstabilityStart.LevelStart })
        {
            using var a = Instability.TrainCopy(store, data, CPU, 2, start, 11, []);
            using var b = Instability.TrainCopy(store, data, CPU, 2, start, 11, []);
            using var work = RunFactory.NewState(store.Spec, data, CPU);
            var (error, loss) = Instability.Curve(a, b, work, Instability.Alphas(10), data, 64, 2000, store.Spec.Seed, 2, new InstabilityOptions());
            Assert.Equal(0.0, Instability.Barrier(error));
            Assert.Equal(0.0, Instability.Barrier(loss));
            Assert.All(error, e => Assert.Equal(error[0], e));
        }
    }

    [Fact]
    public void The_path_at_alpha_0_and_1_is_each_copys_own_evaluation_and_keeps_the_mask()
    {
        using var tmp = new TempDir();
        var store = TrainedRun(tmp, "lrr");
        using var data = RunFactory.LoadData(store.Spec, CPU);
        var r = Instability.Measure(store, data, CPU, 2, InstabilityStart.Rewind, new InstabilityOptions { AlphaSteps = 4 });
        Assert.Equal("none", r.BatchNorm);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], r.Alphas);
        Assert.Equal(r.ErrorA, r.TestError[0]);
        Assert.Equal(r.ErrorB, r.TestError[^1]);
        Assert.Equal(r.LossA, r.TestLoss[0]);
        Assert.Equal(r.LossB, r.TestLoss[^1]);
        Assert.NotEqual(r.LossA, r.LossB); // the two data orders really differ
        Assert.Equal(Instability.Barrier(r.TestError), r.ErrorBarrier);
        Assert.Equal(store.Spec.Seed, r.OrderSeedA);
        Assert.Equal(Instability.OrderSeedB(store.Spec.Seed), r.OrderSeedB);
        Assert.Equal(store.ReadSummary(2).Density, r.Density);

        // Every point of the path keeps M_2: pruned weights are exactly zero at any α.
        using var a = Instability.TrainCopy(store, data, CPU, 2, InstabilityStart.Init, 1, []);
        using var b = Instability.TrainCopy(store, data, CPU, 2, InstabilityStart.Init, 2, []);
        using var work = RunFactory.NewState(store.Spec, data, CPU);
        Instability.Interpolate(a.Model, b.Model, work.Model, 0.37);
        using var final = store.LoadFinal(2);
        var weights = Weights(work.Model);
        foreach (var (name, mask) in final.Mask)
        {
            var m = mask.data<float>().ToArray();
            Assert.All(Enumerable.Range(0, m.Length).Where(i => m[i] == 0), i => Assert.Equal(0f, weights[name][i]));
        }
    }

    [Fact]
    public void With_batchnorm_identical_copies_give_zero_barrier_and_interpolated_statistics_reproduce_the_ends()
    {
        using var tmp = new TempDir();
        var store = TrainedRun(tmp, "lrr", "synthetic-images", "conv-4-8");
        using var data = RunFactory.LoadData(store.Spec, CPU);
        using var a = Instability.TrainCopy(store, data, CPU, 1, InstabilityStart.LevelStart, 5, []);
        using var same = Instability.TrainCopy(store, data, CPU, 1, InstabilityStart.LevelStart, 5, []);
        using var b = Instability.TrainCopy(store, data, CPU, 1, InstabilityStart.LevelStart, 6, []);
        using var work = RunFactory.NewState(store.Spec, data, CPU);
        Assert.True(Instability.HasBatchNorm(work.Model));
        var alphas = Instability.Alphas(4);
        var recompute = new InstabilityOptions { BatchNormBatches = 2 };
        var (error, loss) = Instability.Curve(a, same, work, alphas, data, 64, 2000, 2, 1, recompute);
        Assert.Equal(0.0, Instability.Barrier(error));
        Assert.Equal(0.0, Instability.Barrier(loss));

        var interpolate = new InstabilityOptions { BatchNorm = InstabilityBatchNorm.Interpolate };
        var (_, lossAb) = Instability.Curve(a, b, work, alphas, data, 64, 2000, 2, 1, interpolate);
        Assert.Equal(Evaluator.Evaluate(a.Model, data, Rewind.Data.DataSplit.Test, 2000).Loss, lossAb[0]);
        Assert.Equal(Evaluator.Evaluate(b.Model, data, Rewind.Data.DataSplit.Test, 2000).Loss, lossAb[^1]);
        var (_, lossRecomputed) = Instability.Curve(a, b, work, alphas, data, 64, 2000, 2, 1, recompute);
        Assert.NotEqual(lossAb[2], lossRecomputed[2]); // recomputing really replaces the interpolated statistics
    }

    [Fact]
    public void Start_points_that_do_not_exist_are_user_errors()
    {
        using var tmp = new TempDir();
        var store = TrainedRun(tmp, "lrr");
        using var data = RunFactory.LoadData(store.Spec, CPU);
        using var state = RunFactory.NewState(store.Spec, data, CPU);
        var e = Assert.Throws<RewindUserException>(() => Instability.LoadStart(store, state, 0, InstabilityStart.LevelStart, CPU));
        Assert.Contains("level 0", e.Message);
        e = Assert.Throws<RewindUserException>(() => Instability.LoadStart(store, state, 3, InstabilityStart.Init, CPU));
        Assert.Contains("level 3", e.Message);
        Assert.Throws<RewindUserException>(() => Instability.ParseStart("theta0"));
        Assert.Throws<RewindUserException>(() => new InstabilityOptions { AlphaSteps = 0 }.Validate());
    }
}
