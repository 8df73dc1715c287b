using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Runs;

/// <summary>
/// The run API — what <c>rewind run</c> does and what a .NET user calls: check the spec, create (or reopen) the run
/// directory, take its lock, run the level loop with the standard observers (per-level statistics, layer tables, epoch
/// logs) beside the caller's progress observer, and write the report. A full disk or an unwritable folder on the way
/// becomes a <see cref="RewindEnvironmentException"/> saying how to continue.
/// </summary>
/// <example>
/// <code>
/// var spec = SpecLoader.Load("lenet-lrr.yaml");
/// var outcome = Run.Start(spec, "runs/lrr");
/// Console.WriteLine($"{outcome.Levels[^1].TestAccuracy:P2} at {outcome.Levels[^1].Density:P1} density; report: {outcome.ReportPath}");
/// </code>
/// </example>
public static class Run
{
    /// <summary>Starts the run of <paramref name="spec"/> in <paramref name="directory"/> (or continues it, if the folder holds the same spec).</summary>
    public static RunOutcome Start(RunSpec spec, string directory, ITrainingObserver? progress = null, CancellationToken cancellation = default) =>
        Execute(Create(spec, directory), progress, cancellation: cancellation);

    /// <summary>
    /// Continues the run in <paramref name="directory"/> from its last checkpoint with its own recorded spec (checked
    /// first: a spec that cannot run is reported before anything is loaded, with how to replace it if nothing was trained).
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="progress">Progress display, or null.</param>
    /// <param name="writeReport">False for a study's worker (the study reports on all its runs).</param>
    /// <param name="cancellation">Stops between optimizer steps.</param>
    public static RunOutcome Resume(string directory, ITrainingObserver? progress = null, bool writeReport = true, CancellationToken cancellation = default)
    {
        var store = RunStore.Open(directory);
        try { RunValidation.Resolve(store.Spec with { Name = "" }); } // the name was accepted when the run started
        catch (RewindUserException e)
        {
            throw new RewindUserException($"{store.SpecPath}: {e.Message}" + (store.HasStarted
                ? ""
                : $" Nothing was trained yet: correct the spec and start it again with `rewind run SPEC --out {directory}` (it replaces this one)."), e);
        }
        return Execute(store, progress, writeReport, cancellation);
    }

    /// <summary>Checks <paramref name="spec"/> (everything that can fail does so before a file is written) and creates its run directory.</summary>
    public static RunStore Create(RunSpec spec, string directory) => RunStore.Create(directory, RunValidation.Resolve(spec));

    /// <summary>Runs the level loop on <paramref name="store"/> to its last level, then writes the run's report.</summary>
    /// <param name="store">The run directory.</param>
    /// <param name="progress">Progress display, or null.</param>
    /// <param name="writeReport">False inside studies, whose report aggregates the runs instead.</param>
    /// <param name="cancellation">Stops between optimizer steps (everything up to the last epoch boundary is kept).</param>
    public static RunOutcome Execute(RunStore store, ITrainingObserver? progress = null, bool writeReport = true, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var observers = new List<ITrainingObserver>();
        if (progress is not null) observers.Add(progress);
        observers.AddRange(StandardObservers());
        using var runLock = store.Lock(); // one process per run directory: a second one is told which process holds it
        try
        {
            var levels = LevelLoop.Run(store, new RunObservers(observers), cancellation);
            return new RunOutcome(store, levels, writeReport ? RunReport.Write(store) : null);
        }
        catch (Exception e) when (EnvironmentFailure.Describe(e,
                                      $"then continue with `rewind run --resume {store.Root}` (every epoch boundary written so far is intact)") is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The observers every run records with: per-epoch logs, per-layer tables, level statistics and E_WG, sign flips and BN γ.</summary>
    public static IReadOnlyList<IRunObserver> StandardObservers() =>
        [new EpochLogObserver(), new LayerTableObserver(), new LevelStatisticsObserver(), new SignObserver()];
}

/// <summary>What a finished run left: its store, every level's summary, and its report.</summary>
/// <param name="Store">The run directory.</param>
/// <param name="Levels">Every level's summary, level 0 first.</param>
/// <param name="ReportPath">The run's <c>report.md</c> (null when no report was asked for).</param>
public sealed record RunOutcome(RunStore Store, IReadOnlyList<LevelSummary> Levels, string? ReportPath);
