using System.Diagnostics;
using Rewind.Data;
using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Strategies;
using Rewind.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Analysis;

/// <summary>
/// Instability analysis (Frankle, Dziugaite, Roy &amp; Carbin 2020, "Linear Mode Connectivity and the Lottery Ticket
/// Hypothesis"): train two copies of a network from the same start point — here a start of level L of a stored run,
/// with that level's mask M_L and learning-rate plan — that differ only in SGD noise (the data order and augmentation
/// seed), then evaluate the test error along the straight line w(α) = (1−α)·w_A + α·w_B between their end weights.
/// The <em>error barrier</em> max_α error(α) − mean(error(0), error(1)) is the instability; Frankle et al. call a
/// network stable when it is below 2 percentage points. Both copies keep M_L, so every w(α) is masked by it too.
/// </summary>
public static class Instability
{
    /// <summary>Frankle et al.'s threshold: a start point is unstable when the error barrier exceeds 2 percentage points.</summary>
    public const double UnstableAbove = 0.02;

    // Domain tags of the seeds derived here (SeedMix), kept apart from every other stream of the run's seed.
    private const long OrderTag = 0x1A57AB;
    private const long BatchNormTag = 0xB17E;

    /// <summary>α = 0, 1/<paramref name="steps"/>, …, 1: <paramref name="steps"/> + 1 evenly spaced points including both ends.</summary>
    public static IReadOnlyList<double> Alphas(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return Enumerable.Range(0, steps + 1).Select(i => i == steps ? 1.0 : (double)i / steps).ToArray();
    }

    /// <summary>
    /// The barrier of a curve measured at α = 0, …, 1 (first and last value are the two end points):
    /// max over the curve minus the mean of its two ends. Pure; NaN propagates.
    /// </summary>
    public static double Barrier(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) throw new ArgumentException("A curve needs at least its two end points.", nameof(values));
        if (values.Any(double.IsNaN)) return double.NaN;
        return values.Max() - (values[0] + values[^1]) / 2;
    }

    /// <summary>
    /// The data-order seed of copy B for a run of seed <paramref name="seed"/>: a different seed derived from it
    /// (<see cref="SeedMix"/>), so the second copy's batches and augmentation are an independent draw, recorded in
    /// every result. Copy A trains with <paramref name="seed"/> itself, i.e. in the run's own data order.
    /// </summary>
    public static int OrderSeedB(int seed)
    {
        int b = (int)(SeedMix.Combine(OrderTag, seed) % int.MaxValue);
        return b == seed ? (b == int.MaxValue - 1 ? 0 : b + 1) : b;
    }

    /// <summary>
    /// Loads start point <paramref name="start"/> of level <paramref name="level"/> of the run in
    /// <paramref name="store"/> into <paramref name="state"/>: weights, optimizer state and the level's mask M_L (from
    /// the level's stored end state), with pruned weights and their optimizer state set to exactly zero.
    /// </summary>
    /// <remarks>
    /// <see cref="InstabilityStart.Init"/>: θ(0) with a fresh optimizer (as IMP starts). <see cref="InstabilityStart.Rewind"/>:
    /// θ(k) with the optimizer state at step k (as weight rewinding starts; θ(0) when <c>pruning.rewind_to</c> is 0).
    /// <see cref="InstabilityStart.LevelStart"/>: what the run's own strategy started level L from — the end of level
    /// L−1 for LRR (weights and momentum), BatchNorm state rewound when the run rewinds it. Sign transplants and
    /// perturbations are not replayed, so a run that uses them has no level-start point here (a user error).
    /// </remarks>
    public static void LoadStart(RunStore store, TrainingState state, int level, InstabilityStart start, Device device)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        var spec = store.Spec;
        int last = StrategyCatalog.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels);
        if (level < 0 || level > last || !store.IsLevelDone(level))
            throw new RewindUserException($"{store.Root}: level {level} is not a finished level of this run (it has levels 0..{last}); " +
                                          "finish the run first or choose another level.");
        long rewindSteps = spec.Pruning.RewindTo.ToIterations(RunFactory.StepsPerEpoch(spec));
        var rewind = new RewindContext(store.LoadInit, () => store.LoadRewindPoint(atInit: rewindSteps == 0));
        switch (start)
        {
            case InstabilityStart.Init:
                using (var init = rewind.Init())
                {
                    state.LoadModel(init.Model);
                    state.Optimizer.Reset();
                }
                break;
            case InstabilityStart.Rewind:
                using (var point = rewind.RewindPoint())
                {
                    state.LoadModel(point.Model);
                    state.Optimizer.LoadState(point.Optimizer);
                }
                break;
            case InstabilityStart.LevelStart:
                if (level == 0)
                    throw new RewindUserException("instability: level 0 has no level start to branch from (it starts at θ(0)); use the init or rewind start.");
                var p = spec.Pruning;
                if (p.KeepSigns || p.SignsFrom.Length > 0 || p.PerturbSigns.Level > 0)
                    throw new RewindUserException($"{store.SpecPath}: the run changes signs at its level starts (pruning.keep_signs, signs_from or " +
                                                  "perturb_signs), which the instability analysis does not replay; measure the init and rewind starts only.");
                using (var previous = store.LoadFinal(level - 1)) previous.RestoreInto(state, device);
                StrategyCatalog.Create(p.Strategy).PrepareLevel(state, rewind);
                var bnNames = Prunable.BatchNormStateNames(state.Model);
                if (p.RewindBatchNorm && bnNames.Count > 0)
                {
                    using var point = rewind.RewindPoint();
                    state.LoadModel(point.Model, bnNames.Contains);
                    state.Optimizer.LoadState(point.Optimizer);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(start), start, "Unknown start point.");
        }
        MaskSet mask;
        using (var final = store.LoadFinal(level))
            mask = MaskSet.FromTensors(final.Mask.Where(kv => state.Prunable.Any(q => q.Name == kv.Key)), device);
        state.Mask.Dispose();
        state.Mask = mask;
        state.Mask.ApplyTo(state.Prunable);
        state.Optimizer.ApplyMask(state.Mask, state.Prunable);
    }

    /// <summary>
    /// The learning-rate plan level <paramref name="level"/> of the run trained with: its length, step shape, the
    /// peak it recorded and its density.
    /// </summary>
    public static LevelPlan PlanOf(RunStore store, int level)
    {
        ArgumentNullException.ThrowIfNull(store);
        var spec = store.Spec;
        var summary = store.ReadSummary(level);
        double peak = summary.PeakLearningRate;
        if (!double.IsFinite(peak))
        {
            if (!PeakSchedules.IsKnownInAdvance(spec.Peak))
                throw new RewindUserException($"{store.SummaryPath(level)}: records no peak learning rate and the run's peak rule is adaptive; rerun the level.");
            peak = PeakSchedules.KnownInAdvance(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate).Peak(level);
        }
        return LevelPlans.For(spec, RunFactory.StepsPerEpoch(spec), level, summary.Density, peak,
            StrategyCatalog.Create(spec.Pruning.Strategy).ConstantFinalRate);
    }

    /// <summary>
    /// Trains one copy: start point <paramref name="start"/> of level <paramref name="level"/>, for the level's
    /// length and learning-rate plan, with the data order (and augmentation) of <paramref name="orderSeed"/>. The
    /// caller disposes the returned state; <paramref name="history"/> receives the copy's epoch metrics.
    /// </summary>
    public static TrainingState TrainCopy(RunStore store, Dataset data, Device device, int level, InstabilityStart start,
        int orderSeed, List<EpochMetrics> history, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        var spec = store.Spec;
        var state = RunFactory.NewState(spec, data, device);
        try
        {
            LoadStart(store, state, level, start, device);
            var trainer = new Trainer(data, spec.Training.BatchSize, spec.Training.EvalBatchSize, orderSeed);
            trainer.TrainLevel(state, PlanOf(store, level), 0, history, new SilentObserver(), cancellation: cancellation);
            return state;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sets <paramref name="target"/> to w(α) = (1−α)·w_A + α·w_B, parameter by parameter and buffer by buffer (integer
    /// buffers such as BatchNorm's batch counter are taken from A). Where A and B agree bit for bit the value is kept
    /// exactly, so two identical copies interpolate to themselves at every α.
    /// </summary>
    public static void Interpolate(nn.Module a, nn.Module b, nn.Module target, double alpha)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(target);
        var ta = Tensors(a);
        var tb = Tensors(b);
        using var noGrad = no_grad();
        foreach (var (name, t) in Tensors(target))
        {
            if (!ta.TryGetValue(name, out var wa) || !tb.TryGetValue(name, out var wb))
                throw new ArgumentException($"The networks differ: '{name}' is missing in one of them.");
            using var scope = NewDisposeScope();
            if (!wa.is_floating_point())
            {
                t.copy_(wa);
                continue;
            }
            using Scalar towardsA = 1.0 - alpha, towardsB = alpha;
            var mixed = wa.mul(towardsA).add_(wb.mul(towardsB), Scalars.One);
            t.copy_(where(wa.eq(wb), wa, mixed));
        }
    }

    /// <summary>
    /// Replaces the running statistics of every BatchNorm layer of <paramref name="model"/> by their average over
    /// <paramref name="batches"/> (cumulative average, not an exponential one: batch n enters with weight 1/n), as
    /// SWA and the linear-mode-connectivity literature do before evaluating an interpolated network. Returns the number
    /// of BatchNorm layers (0: nothing to do). The model is left in eval mode.
    /// </summary>
    public static int RecomputeBatchNorm(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var layers = model.modules().OfType<BatchNorm>().Where(m => m.track_running_stats).ToList();
        if (layers.Count == 0) return 0;
        var momenta = layers.Select(m => m.momentum).ToList();
        using (no_grad())
        {
            foreach (var m in layers)
            {
                m.running_mean!.zero_();
                m.running_var!.fill_(Scalars.One);
                m.num_batches_tracked?.zero_();
            }
            model.train();
            try
            {
                int n = 0;
                foreach (var x in batches)
                {
                    n++;
                    foreach (var m in layers) m.momentum = 1.0 / n;
                    using var scope = NewDisposeScope();
                    model.forward(x);
                }
                if (n == 0) throw new ArgumentException("At least one batch is needed to recompute BatchNorm statistics.", nameof(batches));
            }
            finally
            {
                for (int i = 0; i < layers.Count; i++) layers[i].momentum = momenta[i];
                model.eval();
            }
        }
        return layers.Count;
    }

    /// <summary>True when <paramref name="model"/> has BatchNorm layers with running statistics.</summary>
    public static bool HasBatchNorm(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.modules().OfType<BatchNorm>().Any(m => m.track_running_stats);
    }

    /// <summary>
    /// Test error and loss of w(α) for every α of <paramref name="alphas"/>, in a scratch network
    /// <paramref name="work"/> of the same architecture. With BatchNorm and <see cref="InstabilityBatchNorm.Recompute"/>,
    /// each w(α) (the ends included, so the barrier compares like with like) gets running statistics averaged over
    /// <paramref name="options"/>' training batches — the same batches at every α.
    /// </summary>
    public static (double[] Error, double[] Loss) Curve(TrainingState a, TrainingState b, TrainingState work, IReadOnlyList<double> alphas,
        Dataset data, int batchSize, int evalBatchSize, int seed, int level, InstabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(alphas);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        bool recompute = options.BatchNorm == InstabilityBatchNorm.Recompute && HasBatchNorm(work.Model);
        var error = new double[alphas.Count];
        var loss = new double[alphas.Count];
        for (int i = 0; i < alphas.Count; i++)
        {
            Interpolate(a.Model, b.Model, work.Model, alphas[i]);
            if (recompute) RecomputeBatchNorm(work.Model, BatchNormBatches(data, batchSize, seed, level, options.BatchNormBatches));
            var (l, acc) = Evaluator.Evaluate(work.Model, data, DataSplit.Test, evalBatchSize);
            error[i] = 1 - acc;
            loss[i] = l;
        }
        return (error, loss);
    }

    /// <summary>
    /// Runs the whole measurement for start point <paramref name="start"/> of level <paramref name="level"/> of the run
    /// in <paramref name="store"/>: copy A in the run's own data order, copy B in the order of <see cref="OrderSeedB"/>,
    /// then the error and loss along the linear path, and both barriers. <paramref name="data"/> is the run's data
    /// (<see cref="RunFactory.LoadData"/> of its spec) on <paramref name="device"/>.
    /// </summary>
    public static InstabilityResult Measure(RunStore store, Dataset data, Device device, int level, InstabilityStart start,
        InstabilityOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var spec = store.Spec;
        var clock = Stopwatch.StartNew();
        int seedA = spec.Seed, seedB = OrderSeedB(spec.Seed);
        var historyA = new List<EpochMetrics>();
        var historyB = new List<EpochMetrics>();
        using var a = TrainCopy(store, data, device, level, start, seedA, historyA, cancellation);
        using var b = TrainCopy(store, data, device, level, start, seedB, historyB, cancellation);
        using var work = RunFactory.NewState(spec, data, device);
        var alphas = Alphas(options.AlphaSteps);
        var (error, loss) = Curve(a, b, work, alphas, data, spec.Training.BatchSize, spec.Training.EvalBatchSize, spec.Seed, level, options);
        string bn = !HasBatchNorm(work.Model) ? "none" : options.BatchNorm == InstabilityBatchNorm.Recompute ? "recompute" : "interpolate";
        return new InstabilityResult(
            Level: level,
            Density: a.Mask.Density,
            Start: Name(start),
            OrderSeedA: seedA,
            OrderSeedB: seedB,
            Steps: historyA[^1].Step,
            Alphas: alphas.ToArray(),
            TestError: error,
            TestLoss: loss,
            ErrorA: 1 - historyA[^1].TestAccuracy,
            ErrorB: 1 - historyB[^1].TestAccuracy,
            LossA: historyA[^1].TestLoss,
            LossB: historyB[^1].TestLoss,
            ErrorBarrier: Barrier(error),
            LossBarrier: Barrier(loss),
            BatchNorm: bn,
            Seconds: clock.Elapsed.TotalSeconds);
    }

    /// <summary>The name of a start point in files, options and reports: <c>init</c>, <c>rewind</c>, <c>level-start</c>.</summary>
    public static string Name(InstabilityStart start) => start switch
    {
        InstabilityStart.Init => "init",
        InstabilityStart.Rewind => "rewind",
        InstabilityStart.LevelStart => "level-start",
        _ => throw new ArgumentOutOfRangeException(nameof(start), start, "Unknown start point."),
    };

    /// <summary>The start point called <paramref name="name"/>; a user error listing the names otherwise.</summary>
    public static InstabilityStart ParseStart(string name) => name switch
    {
        "init" => InstabilityStart.Init,
        "rewind" => InstabilityStart.Rewind,
        "level-start" => InstabilityStart.LevelStart,
        _ => throw new RewindUserException($"'{name}' is not a start point; the start points are init (θ(0)), rewind (θ(k)) and level-start."),
    };

    private static IEnumerable<Tensor> BatchNormBatches(Dataset data, int batchSize, int seed, int level, int count)
    {
        using var g = new Generator(SeedMix.ForTorch(SeedMix.Combine(BatchNormTag, seed, level)));
        using var permutation = randperm(data.TrainCount, generator: g);
        long batches = Math.Min(count, Batches.BatchesPerEpoch(data.TrainCount, batchSize));
        for (long i = 0; i < batches; i++)
        {
            var (x, y) = Batches.Take(data, permutation, i, batchSize);
            y.Dispose();
            using (x) yield return x;
        }
    }

    private static Dictionary<string, Tensor> Tensors(nn.Module m)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (n, p) in m.named_parameters()) d[n] = p;
        foreach (var (n, t) in m.named_buffers()) d[n] = t;
        return d;
    }

    private sealed class SilentObserver : ITrainingObserver;
}

/// <summary>Where the two copies of an instability measurement start (Frankle et al. 2020; Paper A's three restarts).</summary>
public enum InstabilityStart
{
    /// <summary>θ(0) ⊙ M_L with a fresh optimizer: where IMP restarts.</summary>
    Init,

    /// <summary>θ(k) ⊙ M_L with the optimizer state at step k: where weight rewinding restarts (<c>pruning.rewind_to</c>).</summary>
    Rewind,

    /// <summary>The run's own start of level L (for LRR: the end of level L−1 ⊙ M_L with its momentum).</summary>
    LevelStart,
}

/// <summary>How an interpolated network with BatchNorm gets its running statistics.</summary>
public enum InstabilityBatchNorm
{
    /// <summary>Recomputed on training batches at every α (the careful choice: interpolated weights change the activations' statistics).</summary>
    Recompute,

    /// <summary>Interpolated like every other tensor (Frankle et al. 2020 interpolate all of the network's state).</summary>
    Interpolate,
}

/// <summary>Settings of an instability measurement.</summary>
public sealed record InstabilityOptions
{
    /// <summary>α runs over 0, 1/n, …, 1 with n = this (Frankle et al. use 30 points; 10 gives α = 0, 0.1, …, 1).</summary>
    public int AlphaSteps { get; init; } = 10;

    /// <summary>How BatchNorm running statistics of w(α) are obtained (networks without BatchNorm are exact either way).</summary>
    public InstabilityBatchNorm BatchNorm { get; init; } = InstabilityBatchNorm.Recompute;

    /// <summary>Training batches (of the run's batch size) the recomputed BatchNorm statistics average over.</summary>
    public int BatchNormBatches { get; init; } = 20;

    /// <summary>Throws a <see cref="RewindUserException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (AlphaSteps < 1 || AlphaSteps > 1000)
            throw new RewindUserException($"--alpha-steps: {AlphaSteps} is out of range; use 1 to 1000 (10 gives α = 0, 0.1, …, 1).");
        if (BatchNormBatches < 1)
            throw new RewindUserException($"--bn-batches: {BatchNormBatches} is out of range; use 1 or more training batches.");
    }
}

/// <summary>
/// One instability measurement (one run, level and start point): the linear path between the two copies' end weights
/// and its barriers. Errors and barriers are fractions (0.02 = 2 percentage points).
/// </summary>
/// <param name="Level">The level whose mask and learning-rate plan the copies trained with.</param>
/// <param name="Density">The mask's density.</param>
/// <param name="Start">Start point name (<see cref="Instability.Name"/>).</param>
/// <param name="OrderSeedA">Data-order seed of copy A (the run's seed).</param>
/// <param name="OrderSeedB">Data-order seed of copy B (<see cref="Instability.OrderSeedB"/>).</param>
/// <param name="Steps">Optimizer steps each copy trained.</param>
/// <param name="Alphas">The interpolation points, 0 … 1.</param>
/// <param name="TestError">Test error of w(α) per α.</param>
/// <param name="TestLoss">Test loss of w(α) per α.</param>
/// <param name="ErrorA">Copy A's own test error (its trained BatchNorm statistics).</param>
/// <param name="ErrorB">Copy B's own test error.</param>
/// <param name="LossA">Copy A's own test loss.</param>
/// <param name="LossB">Copy B's own test loss.</param>
/// <param name="ErrorBarrier">max_α error(α) − mean(error(0), error(1)): the instability.</param>
/// <param name="LossBarrier">The same for the test loss.</param>
/// <param name="BatchNorm"><c>none</c> (no BatchNorm), <c>recompute</c> or <c>interpolate</c>.</param>
/// <param name="Seconds">Wall-clock time of the measurement.</param>
public sealed record InstabilityResult(
    int Level,
    double Density,
    string Start,
    int OrderSeedA,
    int OrderSeedB,
    long Steps,
    double[] Alphas,
    double[] TestError,
    double[] TestLoss,
    double ErrorA,
    double ErrorB,
    double LossA,
    double LossB,
    double ErrorBarrier,
    double LossBarrier,
    string BatchNorm,
    double Seconds)
{
    /// <summary>True when the error barrier exceeds Frankle et al.'s 2 points (<see cref="Instability.UnstableAbove"/>).</summary>
    public bool Unstable => ErrorBarrier > Instability.UnstableAbove;
}
