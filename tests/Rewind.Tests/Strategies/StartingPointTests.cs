using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Strategies;

/// <summary>
/// Where each strategy starts a pruned level (ALGORITHMS.md §2–§4), checked exactly on a tiny FC model and synthetic
/// data: the weights (IMP θ(0)⊙m, WR θ(k)⊙m, LRR and FT the trained weights ⊙m), the optimizer state (IMP fresh
/// zeros, WR θ(k)'s state, LRR and FT the kept momentum ⊙m) and the position in the schedule (IMP, WR and LRR replay
/// the level's schedule from step 0; FT runs every step at its final rate).
/// </summary>
public sealed class StartingPointTests
{
    private const int RewindSteps = 3;

    /// <summary>8 steps per level (256 examples, batch 64, 2 epochs), momentum SGD, a warm-up and a drop so that every step's rate tells where in the schedule it is.</summary>
    private static RunSpec Spec(string strategy) => RunValidation.Resolve(SpecLoader.FromYaml($$"""
        name: start-{{strategy}}
        seed: 3
        threads: 1
        data: { name: synthetic, train_subset: 256, test_subset: 64 }
        model: { name: fc-16x1 }
        training: { duration: 2ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.1, momentum: 0.9 }
        schedule: { name: warmup-step, warmup: 3it, drops: [6it] }
        pruning: { strategy: {{strategy}}, levels: 1, rate: 0.5, scorer: global-magnitude, rewind_to: {{(strategy == "wr" ? RewindSteps : 0)}}it }
        """, "test.yaml"));

    private sealed record Snapshot(Dictionary<string, Tensor> Model, Dictionary<string, Tensor> Optimizer) : IDisposable
    {
        public static Snapshot Of(TrainingState state) => new(
            state.ModelTensors().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone()),
            state.Optimizer.State.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone()));

        public TrainingSnapshot Copy() => new()
        {
            Model = Model.ToDictionary(kv => kv.Key, kv => kv.Value.clone()),
            Optimizer = Optimizer.ToDictionary(kv => kv.Key, kv => kv.Value.clone()),
        };

        public void Dispose()
        {
            foreach (var t in Model.Values.Concat(Optimizer.Values)) t.Dispose();
        }
    }

    private sealed class Silent : ITrainingObserver;

    [Theory]
    [InlineData("imp")]
    [InlineData("wr")]
    [InlineData("lrr")]
    [InlineData("ft")]
    public void After_LevelStart_Prepare_weights_and_optimizer_state_are_the_strategys_starting_point(string strategy)
    {
        using var scope = NewDisposeScope();
        var spec = Spec(strategy);
        using var data = RunFactory.LoadData(spec, CPU);
        using var state = RunFactory.NewState(spec, data, CPU);
        using var init = Snapshot.Of(state);
        var trainer = new Trainer(data, spec.Training.BatchSize, spec.Training.EvalBatchSize, spec.Seed);
        long steps = spec.Training.Duration.ToIterations(trainer.StepsPerEpoch);
        var plan = new LevelPlan(0, 1.0, steps, trainer.StepsPerEpoch, StepSchedules.ForLevel(spec.Schedule, trainer.StepsPerEpoch, 0), spec.Optimizer.Lr);
        Snapshot? atK = null;
        trainer.TrainLevel(state, plan, 0, [], new Silent(), afterStep: done => { if (done == RewindSteps) atK = Snapshot.Of(state); });
        using var rewindPoint = atK!;
        using var trained = Snapshot.Of(state);

        // Not vacuous: θ(0), θ(k) and the trained weights differ, and so do the two momentum states.
        Assert.False(Same(init.Model, rewindPoint.Model) || Same(rewindPoint.Model, trained.Model) || Same(init.Model, trained.Model));
        Assert.False(Same(rewindPoint.Optimizer, trained.Optimizer) || Same(init.Optimizer, rewindPoint.Optimizer));

        LevelStart.Prepare(state, StrategyCatalog.Create(strategy), new RewindContext(init.Copy, rewindPoint.Copy), spec, 1, 0.5, data);

        var mask = state.Mask;
        Assert.Equal(0.5, mask.Density, 2);
        AssertKeepsTheLargestTrainedMagnitudes(state, trained);
        var (weights, optimizerState) = strategy switch
        {
            "imp" => (init.Model, Zeros(trained.Optimizer)),
            "wr" => (rewindPoint.Model, rewindPoint.Optimizer),
            _ => (trained.Model, trained.Optimizer),
        };
        foreach (var (name, live) in state.ModelTensors())
        {
            using var expected = Masked(name, weights[name], state);
            Assert.True(Equal(live, expected), $"{strategy}: {name} is not its starting value ⊙ mask");
        }
        foreach (var (name, live) in state.Optimizer.State)
        {
            using var expected = Masked(name.Split(".momentum")[0], optimizerState[name], state);
            Assert.True(Equal(live, expected), $"{strategy}: optimizer state {name} is not its starting value ⊙ mask");
        }
        if (strategy == "imp") Assert.All(state.Optimizer.State.Values, t => Assert.Equal(0, t.abs().sum().item<float>()));
    }

    private sealed class Recorder : IRunObserver
    {
        public List<(int Level, long Step, double Rate)> Steps { get; } = [];
        public long ReadyAt { get; private set; } = -1;
        public Snapshot? Ready { get; private set; }
        public Dictionary<string, Tensor> ReadyMask { get; } = [];

        public void OnStep(int level, long step, double learningRate) => Steps.Add((level, step, learningRate));

        public void OnLevelReady(int level, TrainingState state, long startStep)
        {
            if (level != 1) return;
            ReadyAt = startStep;
            Ready = Snapshot.Of(state);
            foreach (var (name, m) in state.Mask.Masks) ReadyMask[name] = m.clone();
        }
    }

    [Theory]
    [InlineData("imp")]
    [InlineData("wr")]
    [InlineData("lrr")]
    [InlineData("ft")]
    public void The_loop_starts_the_pruned_level_from_the_stored_point_and_at_the_strategys_schedule_position(string strategy)
    {
        using var scope = NewDisposeScope();
        using var tmp = new TempDir();
        var store = RunStore.Create(tmp["run"], Spec(strategy));
        var recorder = new Recorder();
        LevelLoop.Run(store, recorder);
        using var ready = recorder.Ready!;

        // Schedule position: IMP, WR and LRR replay level 0's rates from step 0 (same peak); FT runs at the final rate.
        var level0 = recorder.Steps.Where(s => s.Level == 0).ToArray();
        var level1 = recorder.Steps.Where(s => s.Level == 1).ToArray();
        Assert.Equal(0, recorder.ReadyAt);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), level1.Select(s => s.Step));
        Assert.True(level0.Select(s => s.Rate).Distinct().Count() >= 3, "the schedule must tell steps apart");
        var expected = strategy == "ft" ? level0.Select(_ => level0[^1].Rate) : level0.Select(s => s.Rate);
        Assert.Equal(expected, level1.Select(s => s.Rate));

        // Starting point, against the run's own stored θ(0), θ(k) and level-0 end state.
        using var init = store.LoadInit();
        using var rewind = store.LoadRewindPoint(atInit: strategy != "wr");
        using var final0 = store.LoadFinal(0);
        var (weights, optimizerState) = strategy switch
        {
            "imp" => (init.Model, init.Optimizer),
            "wr" => (rewind.Model, rewind.Optimizer),
            _ => ((IReadOnlyDictionary<string, Tensor>)final0.Model, (IReadOnlyDictionary<string, Tensor>)final0.Optimizer),
        };
        if (strategy == "imp") Assert.All(init.Optimizer.Values, t => Assert.Equal(0, t.abs().sum().item<float>()));
        if (strategy == "wr") Assert.False(Same(rewind.Model, init.Model), "θ(k) must differ from θ(0)");
        foreach (var (name, live) in ready.Model)
        {
            using var m = recorder.ReadyMask.TryGetValue(name, out var mk) ? weights[name] * mk : weights[name].clone();
            Assert.True(Equal(live, m), $"{strategy}: {name} does not start at the stored point ⊙ mask");
        }
        foreach (var (name, live) in ready.Optimizer)
        {
            string param = name.Split(".momentum")[0];
            using var m = recorder.ReadyMask.TryGetValue(param, out var mk) ? optimizerState[name] * mk : optimizerState[name].clone();
            Assert.True(Equal(live, m), $"{strategy}: optimizer state {name} does not start at the stored point ⊙ mask");
        }
        foreach (var t in recorder.ReadyMask.Values) t.Dispose();
    }

    /// <summary><paramref name="value"/> ⊙ the mask of <paramref name="parameter"/>, or a copy when it is not pruned (biases).</summary>
    private static Tensor Masked(string parameter, Tensor value, TrainingState state) =>
        state.Mask.Masks.Any(m => m.Name == parameter) ? value * state.Mask[parameter] : value.clone();

    private static Dictionary<string, Tensor> Zeros(Dictionary<string, Tensor> like) => like.ToDictionary(kv => kv.Key, kv => zeros_like(kv.Value));

    private static bool Same(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b) =>
        a.Keys.All(k => Equal(a[k], b[k]));

    /// <summary>Same shape and every element equal (exactly).</summary>
    private static bool Equal(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var same = a.eq(b).all();
        return same.item<bool>();
    }

    /// <summary>Global magnitude on the trained weights: every kept |w| is at least every pruned |w|.</summary>
    private static void AssertKeepsTheLargestTrainedMagnitudes(TrainingState state, Snapshot trained)
    {
        var kept = new List<float>();
        var pruned = new List<float>();
        foreach (var (name, m) in state.Mask.Masks)
        {
            var w = trained.Model[name].abs().flatten().data<float>().ToArray();
            var keep = m.flatten().data<float>().ToArray();
            for (int i = 0; i < w.Length; i++) (keep[i] == 1 ? kept : pruned).Add(w[i]);
        }
        Assert.NotEmpty(pruned);
        Assert.True(kept.Min() >= pruned.Max(), $"kept {kept.Min()} < pruned {pruned.Max()}");
    }
}
