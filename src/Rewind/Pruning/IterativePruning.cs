using System.Text.Json;
using Rewind.Analysis;
using Rewind.Data;
using Rewind.Models;
using Rewind.Reporting;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// The one loop everything serves (ARCHITECTURE.md): level 0 trains the dense network; every later level prunes
/// the trained network to the next density, lets the strategy choose the starting weights, restarts the LR schedule
/// and trains again. Owns the run directory: checkpoints at every epoch boundary, resumes from the last one
/// (mid-level included) with bit-identical results for the same thread count.
/// </summary>
public static class IterativePruning
{
    /// <summary>
    /// Fills in what "default" means on this machine (thread count) so the spec written to the run directory
    /// reproduces the run exactly, and checks cross-field rules the per-key validation cannot see.
    /// </summary>
    public static RunSpec Resolve(RunSpec spec)
    {
        if (!ModelCatalog.IsKnown(spec.Model.Name))
            throw new RewindUserException($"model.name: '{spec.Model.Name}' is not a known model. Known: " +
                                          string.Join(", ", ModelCatalog.Families.Select(f => f.Name)) + ".");
        if (ModelCatalog.NeedsImages(spec.Model.Name) && !DataCatalog.HasImages(spec.Data.Name))
            throw new RewindUserException(
                $"model.name: '{spec.Model.Name}' is a convolutional network and needs image inputs, but data.name " +
                $"'{spec.Data.Name}' holds feature vectors. Use an image dataset (synthetic-images for a generated one, " +
                "fashion-mnist, cifar10, ...) or a fully connected model (e.g. fc-256x3).");
        if (spec.Training.Duration.IsZero)
            throw new RewindUserException("training.duration: must be longer than 0 (e.g. \"10ep\" or \"2000it\").");
        if (spec.Pruning.RewindTo.Epochs > 0 && spec.Training.Duration.Iterations == 0 &&
            spec.Pruning.RewindTo.Epochs > spec.Training.Duration.Epochs)
            throw new RewindUserException(
                $"pruning.rewind_to: {spec.Pruning.RewindTo} lies beyond training.duration {spec.Training.Duration}; choose a point inside level 0.");
        PeakSchedules.Validate(spec, Strategies.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels));
        return spec.Threads == 0 ? spec with { Threads = get_num_threads() } : spec;
    }

    /// <summary>
    /// Text identifying everything level 0 depends on; two runs with equal keys train identical dense levels
    /// (strategy, number of levels, scorer and BN rewinding only act from level 1 on).
    /// </summary>
    public static string LevelZeroKey(RunSpec spec) => SpecWriter.ToYaml(spec with
    {
        Name = "",
        Pruning = new PruningSpec { RewindTo = spec.Pruning.RewindTo },
        Schedule = spec.Schedule with { WarmupEveryLevel = true },
        Peak = new PeakSpec(), // every peak rule trains level 0 at optimizer.lr
    });

    /// <summary>
    /// Text identifying everything levels 0..<paramref name="levels"/>−1 depend on: two runs with equal keys train those
    /// levels identically. For one level it is <see cref="LevelZeroKey"/>; beyond, the run's name and its number of levels
    /// do not matter (except for oneshot, which prunes straight to the last density), and a peak rule known in advance
    /// enters only through the peaks of those levels, so a SILO run with delay q shares levels 0..q with a fixed-peak run.
    /// </summary>
    public static string PrefixKey(RunSpec spec, int levels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        if (levels == 1) return LevelZeroKey(spec);
        var peak = PeakSchedules.IsKnownInAdvance(spec.Peak)
            ? new PeakSpec { Name = "list", Values = PeakSchedules.Peaks(spec, levels - 1).Skip(1).ToArray() }
            : spec.Peak;
        return SpecWriter.ToYaml(spec with
        {
            Name = "",
            Pruning = spec.Pruning.Strategy == "oneshot" ? spec.Pruning : spec.Pruning with { Levels = 0 },
            Peak = peak,
        });
    }

    /// <summary>Runs (or resumes) the run in <paramref name="dir"/> to its last level and returns every level's summary.</summary>
    public static IReadOnlyList<LevelSummary> Run(RunDirectory dir, ITrainingObserver observer, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var spec = dir.Spec;
        if (spec.Threads > 0) set_num_threads(spec.Threads);
        var device = ResolveDevice(spec.Device);
        int prunedLevels = Strategies.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels);
        if (!dir.IsLevelDone(prunedLevels))
        {
            // Sharing a dense level 0 is the one-level case of reusing a prefix of levels (PrefixKey(s, 1) is LevelZeroKey).
            if (options.LevelZeroFrom is { } shared) ReuseLevels(dir, new LevelReuse(shared, 1), 1, observer);
            if (options.ReuseLevels is { } reuse) ReuseLevels(dir, reuse, Math.Min(reuse.MaxLevels, prunedLevels + 1), observer);
        }
        if (dir.IsLevelDone(prunedLevels))
        {
            observer.OnMessage($"All {prunedLevels + 1} levels of {dir.Root} are done.");
            var done = dir.CompletedLevels();
            if (!File.Exists(dir.MetricsCsvPath)) MetricsCsv.Write(dir.MetricsCsvPath, done);
            return done;
        }

        using var data = LoadData(spec, device);
        var trainer = new Trainer(data, spec.Training.BatchSize, spec.Training.EvalBatchSize, spec.Seed);
        long spe = trainer.StepsPerEpoch;
        long levelSteps = spec.Training.Duration.ToIterations(spe);
        long rewindSteps = spec.Pruning.RewindTo.ToIterations(spe);
        if (rewindSteps > levelSteps)
            throw new RewindUserException(
                $"pruning.rewind_to: {spec.Pruning.RewindTo} = {rewindSteps} steps lies beyond the level's {levelSteps} steps " +
                $"({spe} steps per epoch); choose a point inside level 0.");
        StepSchedules.Validate(spec.Schedule, spe, levelSteps);

        using var state = NewState(spec, data, device);
        var model = state.Model;
        if (!File.Exists(dir.InitPath)) Snapshot.Save(dir.InitPath, state);

        var strategy = Strategies.Create(spec.Pruning.Strategy);
        LevelPruning.Scorer(spec.Pruning); // an unknown scorer fails before any training
        var rewind = new RewindContext(
            () => Snapshot.Load(dir.InitPath),
            () => Snapshot.Load(rewindSteps == 0 ? dir.InitPath : dir.RewindPath));
        var bnNames = Prunable.BatchNormStateNames(model);

        var summaries = new List<LevelSummary>();
        for (int level = 0; level <= prunedLevels; level++)
        {
            if (dir.IsLevelDone(level))
            {
                summaries.Add(dir.ReadSummary(level));
                continue;
            }
            options.Cancellation.ThrowIfCancellationRequested();
            Directory.CreateDirectory(dir.LevelDir(level));
            double density = Strategies.Density(spec.Pruning.Strategy, level, spec.Pruning.Levels, spec.Pruning.Rate);
            double peak = PeakOf(dir, spec, level, () => data, device);
            var plan = new LevelPlan(level, density, levelSteps, spe,
                StepSchedules.FromSpec(spec.Schedule, spe, includeWarmup: level == 0 || spec.Schedule.WarmupEveryLevel),
                peak,
                ConstantFinalRate: level > 0 && strategy.ConstantFinalRate);

            long startStep = 0;
            var history = new List<EpochMetrics>();
            if (File.Exists(dir.CheckpointPath(level)))
            {
                using var ckpt = Checkpoint.Load(dir.CheckpointPath(level));
                Restore(state, ckpt, device);
                startStep = ckpt.Step;
                history.AddRange(ckpt.History);
                observer.OnMessage($"Resuming level {level} at step {startStep} of {levelSteps}.");
            }
            else if (level > 0)
            {
                using (var previous = Checkpoint.Load(dir.FinalPath(level - 1)))
                    Restore(state, previous, device);
                StartPrunedLevel(state, strategy, rewind, bnNames, spec, level, density, data, observer);
            }

            observer.OnLevelStart(level, state.Mask.Density, levelSteps, startStep, spe);
            var lvl = level;
            // E_WG (Paper B §6.5) compares the weights at the level's start with those one epoch later.
            var startWeights = startStep == 0 ? NetworkProbe.CopyWeights(state) : null;
            trainer.TrainLevel(state, plan, startStep, history, observer,
                afterStep: lvl == 0 && rewindSteps > 0
                    ? done => { if (done == rewindSteps) Snapshot.Save(dir.RewindPath, state); }
            : null,
                atEpochBoundary: done =>
                {
                    if (startWeights is not null && !File.Exists(dir.WeightChangePath(lvl)))
                        AtomicFile.WriteAllText(dir.WeightChangePath(lvl),
                            JsonSerializer.Serialize(NetworkProbe.WeightChange(startWeights, state), Json.Options) + "\n");
                    startWeights = null;
                    EpochMetricsJsonl.Write(dir.EpochMetricsPath(lvl), history);
                    if (done < levelSteps) Checkpoint.Save(dir.CheckpointPath(lvl), state, lvl, done, history);
                },
                cancellation: options.Cancellation);

            Checkpoint.Save(dir.FinalPath(level), state, level, levelSteps, history);
            LayerTable.Write(dir.LayersPath(level), state.Mask);
            dir.WriteStatistics(NetworkProbe.Measure(state, data, spec.Training.BatchSize, spec.Seed, level, ReadWeightChange(dir, level)));
            observer.OnLevelTrained(level, state);
            var summary = Summarize(level, state.Mask, history, peak);
            dir.WriteSummary(summary);
            File.Delete(dir.CheckpointPath(level));
            summaries.Add(summary);
            MetricsCsv.Write(dir.MetricsCsvPath, summaries);
            observer.OnLevelEnd(summary);
        }
        return summaries;
    }

    /// <summary>Starts pruned level <paramref name="level"/> from the previous level's end state: prune, let the strategy
    /// choose the start, rewind BN state when asked (Paper A §5.2), re-apply the mask. Internal for tests.</summary>
    internal static void StartPrunedLevel(TrainingState state, IRewindStrategy strategy,
        RewindContext rewind, IReadOnlySet<string> bnNames, RunSpec spec, int level, double density, Dataset data,
        ITrainingObserver observer)
    {
        // 1. Score the trained weights and shrink the mask (nested, exact counts; scope and settings from pruning.*).
        var context = LevelPruning.Context(state.Model, state.Prunable, state.Mask, spec, level, data, density);
        var next = LevelPruning.Next(context, spec.Pruning, density);
        if (LevelPruning.CollapseWarning(state.Mask, next, $"level {level}") is { } warning) observer.OnMessage(warning);
        state.Mask.Dispose();
        state.Mask = next;

        // 2. The strategy picks the starting point; optional BN rewinding (Paper A §5.2) resets BN state and optimizer.
        strategy.PrepareLevel(state, rewind);
        if (spec.Pruning.RewindBatchNorm && bnNames.Count > 0)
        {
            using var point = rewind.RewindPoint();
            state.LoadModel(point.Model, bnNames.Contains);
            state.Optimizer.LoadState(point.Optimizer);
        }

        // 3. Pruned weights and their optimizer state are exactly zero from the first step on.
        state.Mask.ApplyTo(state.Prunable);
        state.Optimizer.ApplyMask(state.Mask, state.Prunable);
    }

    private static void Restore(TrainingState state, Checkpoint ckpt, Device device)
    {
        state.LoadModel(ckpt.Model);
        state.Optimizer.LoadState(ckpt.Optimizer);
        var mask = MaskSet.FromTensors(ckpt.Mask.Where(kv => state.Prunable.Any(p => p.Name == kv.Key)), device);
        state.Mask.Dispose();
        state.Mask = mask;
    }

    /// <summary>
    /// The summary of a trained level: the last epoch's metrics, the best test and validation accuracies, and Paper B's
    /// early-stop test accuracy, the test accuracy at the first epoch with the best validation accuracy (NaN without a
    /// validation set).
    /// </summary>
    public static LevelSummary Summarize(int level, MaskSet mask, IReadOnlyList<EpochMetrics> history, double peak)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(history);
        var last = history[^1];
        EpochMetrics? earlyStop = null;
        foreach (var h in history)
            if (!double.IsNaN(h.ValidationAccuracy) && (earlyStop is null || h.ValidationAccuracy > earlyStop.ValidationAccuracy))
                earlyStop = h;
        return new LevelSummary(
            level, mask.Density, mask.Remaining, mask.Total,
            last.TestAccuracy, last.TestLoss, last.TrainLoss, last.TrainAccuracy,
            history.Max(h => h.TestAccuracy), history.Count, last.Step, history.Sum(h => h.Seconds),
            ValidationAccuracy: last.ValidationAccuracy,
            ValidationLoss: last.ValidationLoss,
            BestValidationAccuracy: earlyStop?.ValidationAccuracy ?? double.NaN,
            EarlyStopTestAccuracy: earlyStop?.TestAccuracy ?? double.NaN,
            EarlyStopEpoch: earlyStop?.Epoch ?? 0,
            PeakLearningRate: peak);
    }

    /// <summary>
    /// The peak of <paramref name="level"/>: from the spec for rules known in advance, else the adaptive rule over the
    /// statistics of levels 0..level−1 (measured again from a level's final state if a run lacks them).
    /// </summary>
    private static double PeakOf(RunDirectory dir, RunSpec spec, int level, Func<Dataset> data, Device device)
    {
        if (PeakSchedules.IsKnownInAdvance(spec.Peak)) return PeakSchedules.KnownInAdvance(spec).Peak(level);
        var p = spec.Peak;
        var recorded = new List<double>();
        for (int l = 0; l < level; l++)
            recorded.Add((dir.ReadStatistics(l) ?? MeasureAgain(dir, spec, l, data(), device)).Statistic(p.Statistic));
        return new AdaptivePeak(spec.Optimizer.Lr, recorded, p.MinFactor, p.MaxFactor).Peak(level);
    }

    /// <summary>θ(0) of the spec's model on <paramref name="device"/>, all-ones masks and a fresh optimizer.</summary>
    private static TrainingState NewState(RunSpec spec, Dataset data, Device device)
    {
        var model = ModelCatalog.Create(spec.Model.Name, data.InputShape, data.NumClasses, spec.Seed);
        model.to(device);
        var prunable = Prunable.Of(model, spec.Pruning.KeepOutputDense);
        return new TrainingState(model, prunable, MaskSet.AllOnes(prunable), Optimizers.Create(spec.Optimizer, model));
    }

    private static LevelStatistics MeasureAgain(RunDirectory dir, RunSpec spec, int level, Dataset data, Device device)
    {
        if (!File.Exists(dir.FinalPath(level)))
            throw new RewindUserException(
                $"{dir.LevelDir(level)}: has neither statistics.json nor final.safetensors, which the adaptive peak needs; " +
                "delete the run's later levels to have them trained again.");
        using var state = NewState(spec, data, device);
        using (var ckpt = Checkpoint.Load(dir.FinalPath(level))) Restore(state, ckpt, device);
        var stats = NetworkProbe.Measure(state, data, spec.Training.BatchSize, spec.Seed, level, ReadWeightChange(dir, level));
        dir.WriteStatistics(stats);
        return stats;
    }

    private static Dictionary<string, double>? ReadWeightChange(RunDirectory dir, int level)
    {
        var path = dir.WeightChangePath(level);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException)
        {
            return null; // an analysis-only value: a damaged file leaves E_WG unknown rather than stopping the run
        }
    }

    /// <summary>
    /// The run's data: the named dataset, cut to <c>data.train_subset</c>/<c>data.test_subset</c>, with
    /// <c>data.validation</c> training examples held out by the run's seed, on <paramref name="device"/>.
    /// </summary>
    public static Dataset LoadData(RunSpec spec, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var full = DataCatalog.Load(spec.Data.Name, string.IsNullOrEmpty(spec.Data.Dir) ? null : spec.Data.Dir, spec.Seed,
            new Data.Images.ImageOptions(spec.Data.ImageSize, Enum.Parse<Data.Images.StreamMode>(spec.Data.Stream, ignoreCase: true)));
        if (!spec.Data.Augment) full.Augmentation = null;
        var data = full;
        if (spec.Data.TrainSubset > 0 || spec.Data.TestSubset > 0)
        {
            data = full.Subset(spec.Data.TrainSubset, spec.Data.TestSubset);
            full.Dispose();
        }
        if (spec.Data.Validation > 0)
        {
            var split = data.HoldOut(spec.Data.Validation, spec.Seed);
            data.Dispose();
            data = split;
        }
        if (device.type == DeviceType.CPU) return data;
        var moved = data.To(device);
        data.Dispose();
        return moved;
    }

    internal static Device ResolveDevice(string name)
    {
        if (name == "cuda")
        {
            if (!cuda.is_available())
                throw new RewindUserException(
                    "device: cuda was requested but no CUDA device is usable (this build uses TorchSharp-cpu). " +
                    "Install a CUDA TorchSharp package or set device: cpu.");
            return CUDA;
        }
        return CPU;
    }

    /// <summary>Copies the longest prefix of finished levels of <paramref name="reuse"/>'s run that this run would compute identically.</summary>
    private static void ReuseLevels(RunDirectory dir, LevelReuse reuse, int maxLevels, ITrainingObserver observer)
    {
        var source = RunDirectory.Open(reuse.From);
        if (source.Root == dir.Root) return;
        int k = 0;
        while (k < maxLevels && source.IsLevelDone(k) && PrefixKey(source.Spec, k + 1) == PrefixKey(dir.Spec, k + 1)) k++;
        int first = 0;
        while (first < k && dir.IsLevelDone(first)) first++;
        if (first >= k) return;
        if (!File.Exists(dir.InitPath)) File.Copy(source.InitPath, dir.InitPath, overwrite: true);
        if (File.Exists(source.RewindPath) && !File.Exists(dir.RewindPath)) File.Copy(source.RewindPath, dir.RewindPath, overwrite: true);
        for (int level = first; level < k; level++)
        {
            Directory.CreateDirectory(dir.LevelDir(level));
            // Only the last copied level's weights are needed to continue; earlier ones stay in the source run.
            if (level == k - 1) File.Copy(source.FinalPath(level), dir.FinalPath(level), overwrite: true);
            foreach (var (from, to) in new[]
                     {
                         (source.EpochMetricsPath(level), dir.EpochMetricsPath(level)),
                         (source.LayersPath(level), dir.LayersPath(level)),
                         (source.StatisticsPath(level), dir.StatisticsPath(level)),
                         (source.WeightChangePath(level), dir.WeightChangePath(level)),
                     })
                if (File.Exists(from)) File.Copy(from, to, overwrite: true);
            if (File.Exists(dir.CheckpointPath(level))) File.Delete(dir.CheckpointPath(level));
            File.Copy(source.SummaryPath(level), dir.SummaryPath(level), overwrite: true); // last: marks the level done
        }
        MetricsCsv.Write(dir.MetricsCsvPath, dir.CompletedLevels());
        observer.OnMessage(k == 1 ? $"Level 0 reused from {source.Root}." : $"Levels 0..{k - 1} reused from {source.Root}.");
    }
}
