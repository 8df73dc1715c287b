using Rewind.Schedules;
using Rewind.Strategies;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// The one loop everything serves (ARCHITECTURE.md): level 0 trains the dense network; every later level prunes the
/// trained network to the next density, lets the strategy choose the starting weights, restarts the learning-rate
/// schedule at the level's peak and trains again. Checkpoints at every epoch boundary and resumes from the last one
/// (mid-level included) with bit-identical results for the same thread count. Closed to change: files go through the
/// <see cref="RunStore"/>, measurements through <see cref="IRunObserver"/>s, and the variations of the papers through
/// the strategy, the scorer, the step schedule and the peak rule the spec names.
/// </summary>
public static class LevelLoop
{
    /// <summary>Runs (or resumes) the run in <paramref name="store"/> to its last level and returns every level's summary.</summary>
    public static IReadOnlyList<LevelSummary> Run(RunStore store, ITrainingObserver observer, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = observer as IRunObserver ?? new RunObservers([observer]);
        var spec = store.Spec;
        if (spec.Threads > 0) set_num_threads(spec.Threads);
        int last = StrategyCatalog.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels);
        if (!store.IsLevelDone(last) && store.RecordedReuse() is { } reuse && reuse.ApplyTo(store, last + 1) is { } reused)
            run.OnMessage(reused);
        if (store.IsLevelDone(last))
        {
            run.OnMessage($"All {last + 1} levels of {store.Root} are done.");
            if (!store.HasMetricsCsv) store.WriteMetricsCsv();
            return store.CompletedLevels();
        }

        foreach (var note in RunInspection.Of(store).Require()) run.OnMessage(note); // damaged files: a user error naming them and the repair
        var device = Devices.Resolve(spec.Device);
        using var data = RunFactory.LoadData(spec, device);
        store.CheckData(RunFactory.DataRecordOf(spec)); // other data than the run recorded: refused
        var trainer = new Trainer(data, spec.Training.BatchSize, spec.Training.EvalBatchSize, spec.Seed);
        long spe = trainer.StepsPerEpoch;
        RunValidation.CheckLevelLength(spec, spe);
        long rewindSteps = spec.Pruning.RewindTo.ToIterations(spe);
        using var state = RunFactory.NewState(spec, data, device);
        if (!store.HasInit) store.SaveInit(state);
        var strategy = StrategyCatalog.Create(spec.Pruning.Strategy);
        var rewind = new RewindContext(store.LoadInit, () => store.LoadRewindPoint(atInit: rewindSteps == 0));
        var sources = LevelStart.Sources.Of(spec, store.Root);
        run.OnRunStart(new RunContext(store, data, device));

        var summaries = new List<LevelSummary>();
        for (int level = 0; level <= last; level++)
        {
            if (store.IsLevelDone(level))
            {
                summaries.Add(store.ReadSummary(level));
                continue;
            }
            cancellation.ThrowIfCancellationRequested();
            long levelSteps = LevelPlans.Steps(spec, spe, level);
            double density = StrategyCatalog.Density(spec.Pruning.Strategy, level, spec.Pruning.Levels, spec.Pruning.Rate);

            // 1. Where the level starts: its checkpoint when resuming, else the previous level's end, pruned and rewound.
            long startStep = 0;
            var history = new List<EpochMetrics>();
            if (store.HasCheckpoint(level))
            {
                using var checkpoint = store.LoadCheckpoint(level);
                checkpoint.RestoreInto(state, device);
                startStep = checkpoint.Step;
                history.AddRange(checkpoint.History);
                run.OnMessage($"Resuming level {level} at step {startStep} of {levelSteps}.");
            }
            else if (level > 0)
            {
                using (var previous = store.LoadFinal(level - 1)) previous.RestoreInto(state, device);
                var start = LevelStart.Prepare(state, strategy, rewind, spec, level, density, data, sources);
                if (start.Warning is { } warning) run.OnMessage(warning);
                if (start.Perturbation is { } flipped) store.WriteLevelRecord(level, SignPerturbation.FileName, flipped);
            }

            // 2. The level's learning rate: the step shape restarts at the level's peak (fine-tuning runs at its final rate).
            double peak = PeakOf(store, level);
            var plan = LevelPlans.For(spec, spe, level, density, peak, strategy.ConstantFinalRate);

            // 3. Train, checkpointing at every epoch boundary (and the rewind point θ(k) during level 0). A divergence
            //    stops the run, or (training.on_divergence: record) ends the level at its last finite epoch boundary.
            run.OnLevelReady(level, state, startStep);
            run.OnLevelStart(level, state.Mask.Density, levelSteps, startStep, spe);
            int lvl = level;
            if (startStep == 0 && LevelDivergence.Records(spec, level)) store.SaveCheckpoint(level, state, 0, history);
            TrainingDivergedException? diverged = null;
            try
            {
                trainer.TrainLevel(state, plan, startStep, history, run,
                    afterStep: level == 0 && rewindSteps > 0 ? done => { if (done == rewindSteps) store.SaveRewindPoint(state); }
                : null,
                    atEpochBoundary: done => { if (done < levelSteps) store.SaveCheckpoint(lvl, state, done, history); },
                    cancellation: cancellation);
            }
            catch (TrainingDivergedException d) when (LevelDivergence.Records(spec, level))
            {
                diverged = d;
                history = [.. LevelDivergence.RestoreLastFinite(store, state, device, level)];
                run.OnMessage(LevelDivergence.Recorded(d));
            }
            catch (TrainingDivergedException d) { throw LevelDivergence.Stop(d, store); }

            // 4. Record the end state, let the observers measure it, then mark the level done.
            store.SaveFinal(level, state, levelSteps, history);
            run.OnLevelTrained(level, state);
            var summary = LevelSummary.Of(level, state.Mask.Density, state.Mask.Remaining, state.Mask.Total, history, peak) with
            {
                DivergedAtStep = diverged?.Step,
                DivergedLearningRate = diverged?.LearningRate,
            };
            store.CompleteLevel(summary);
            summaries.Add(summary);
            run.OnLevelEnd(summary);
        }
        return summaries;
    }

    /// <summary>
    /// The peak of <paramref name="level"/>: from the spec for rules known in advance, else the adaptive rule over the
    /// statistics the observers stored for levels 0..level−1.
    /// </summary>
    private static double PeakOf(RunStore store, int level)
    {
        var spec = store.Spec;
        if (PeakSchedules.IsKnownInAdvance(spec.Peak))
            return PeakSchedules.KnownInAdvance(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate).Peak(level);
        var p = spec.Peak;
        var recorded = Enumerable.Range(0, level).Select(l => (store.ReadStatistics(l)
            ?? throw new InvalidOperationException(
                $"{store.StatisticsPath(l)} is missing: the adaptive peak needs the level statistics observer (Run.Start adds it).")).Statistic(p.Statistic)).ToList();
        return new AdaptivePeak(spec.Optimizer.Lr, recorded, p.MinFactor, p.MaxFactor).Peak(level);
    }
}
