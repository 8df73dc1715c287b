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
    });

    /// <summary>Runs (or resumes) the run in <paramref name="dir"/> to its last level and returns every level's summary.</summary>
    public static IReadOnlyList<LevelSummary> Run(RunDirectory dir, ITrainingObserver observer, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var spec = dir.Spec;
        if (spec.Threads > 0) set_num_threads(spec.Threads);
        var device = ResolveDevice(spec.Device);
        int prunedLevels = Strategies.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels);
        if (dir.IsLevelDone(prunedLevels))
        {
            observer.OnMessage($"All {prunedLevels + 1} levels of {dir.Root} are already done.");
            return dir.CompletedLevels();
        }

        if (options.LevelZeroFrom is { } shared) TryReuseLevelZero(dir, shared, observer);

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

        var model = ModelCatalog.Create(spec.Model.Name, data.InputShape, data.NumClasses, spec.Seed);
        model.to(device);
        var prunable = Prunable.Of(model, spec.Pruning.KeepOutputDense);
        using var state = new TrainingState(model, prunable, MaskSet.AllOnes(prunable), Optimizers.Create(spec.Optimizer, model));
        if (!File.Exists(dir.InitPath)) Snapshot.Save(dir.InitPath, state);

        var strategy = Strategies.Create(spec.Pruning.Strategy);
        LevelPruning.Scorer(spec.Pruning); // an unknown scorer fails before any training
        IPeakSchedule peaks = new FixedPeak(spec.Optimizer.Lr);
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
            var plan = new LevelPlan(level, density, levelSteps, spe,
                StepSchedules.FromSpec(spec.Schedule, spe, includeWarmup: level == 0 || spec.Schedule.WarmupEveryLevel),
                peaks.Peak(level),
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
            trainer.TrainLevel(state, plan, startStep, history, observer,
                afterStep: lvl == 0 && rewindSteps > 0
                    ? done => { if (done == rewindSteps) Snapshot.Save(dir.RewindPath, state); }
            : null,
                atEpochBoundary: done =>
                {
                    EpochMetricsJsonl.Write(dir.EpochMetricsPath(lvl), history);
                    if (done < levelSteps) Checkpoint.Save(dir.CheckpointPath(lvl), state, lvl, done, history);
                },
                cancellation: options.Cancellation);

            Checkpoint.Save(dir.FinalPath(level), state, level, levelSteps, history);
            LayerTable.Write(dir.LayersPath(level), state.Mask);
            var summary = Summarize(level, state.Mask, history);
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

    private static LevelSummary Summarize(int level, MaskSet mask, IReadOnlyList<EpochMetrics> history)
    {
        var last = history[^1];
        return new LevelSummary(
            level, mask.Density, mask.Remaining, mask.Total,
            last.TestAccuracy, last.TestLoss, last.TrainLoss, last.TrainAccuracy,
            history.Max(h => h.TestAccuracy), history.Count, last.Step, history.Sum(h => h.Seconds));
    }

    internal static Dataset LoadData(RunSpec spec, Device device)
    {
        var full = DataCatalog.Load(spec.Data.Name, string.IsNullOrEmpty(spec.Data.Dir) ? null : spec.Data.Dir, spec.Seed);
        if (!spec.Data.Augment) full.Augmentation = null;
        var data = full;
        if (spec.Data.TrainSubset > 0 || spec.Data.TestSubset > 0)
        {
            data = full.Subset(spec.Data.TrainSubset, spec.Data.TestSubset);
            full.Dispose();
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

    private static void TryReuseLevelZero(RunDirectory dir, string sharedRoot, ITrainingObserver observer)
    {
        if (dir.IsLevelDone(0)) return;
        var shared = RunDirectory.Open(sharedRoot);
        if (!shared.IsLevelDone(0) || LevelZeroKey(shared.Spec) != LevelZeroKey(dir.Spec)) return;
        Directory.CreateDirectory(dir.LevelDir(0));
        File.Copy(shared.InitPath, dir.InitPath, overwrite: true);
        if (File.Exists(shared.RewindPath)) File.Copy(shared.RewindPath, dir.RewindPath, overwrite: true);
        File.Copy(shared.FinalPath(0), dir.FinalPath(0), overwrite: true);
        File.Copy(shared.EpochMetricsPath(0), dir.EpochMetricsPath(0), overwrite: true);
        if (File.Exists(shared.LayersPath(0))) File.Copy(shared.LayersPath(0), dir.LayersPath(0), overwrite: true);
        File.Copy(shared.SummaryPath(0), dir.SummaryPath(0), overwrite: true); // last: marks the level done
        observer.OnMessage($"Level 0 reused from {shared.Root}.");
    }
}
