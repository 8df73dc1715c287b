using Rewind.Pruning;
using Rewind.Strategies;

namespace Rewind.Runs;

/// <summary>
/// How far a planned run has got, read from its run directory alone (finished levels by their <c>summary.json</c>, epochs
/// of the level in progress by its <c>metrics.jsonl</c>), so the same reading serves every executor: the process that
/// trains it, a worker process or a cluster job writing to a shared folder.
/// </summary>
/// <param name="LevelsDone">Finished levels (a level is done when its summary exists).</param>
/// <param name="Levels">Levels of the run (level 0 included).</param>
/// <param name="EpochsDone">Epochs recorded in the level in progress.</param>
/// <param name="EpochsPerLevel">Epochs per level when the spec counts training in whole epochs, else null.</param>
public sealed record RunProgress(int LevelsDone, int Levels, int EpochsDone, int? EpochsPerLevel)
{
    /// <summary>The level in progress (or the last level once all are done).</summary>
    public int Level => Math.Min(LevelsDone, Levels - 1);

    /// <summary>True when every level is done.</summary>
    public bool IsComplete => LevelsDone >= Levels;

    /// <summary>Fraction of the run done, 0..1 (epochs count within a level when known).</summary>
    public double Fraction => IsComplete ? 1 :
        (LevelsDone + (EpochsPerLevel is int e && e > 0 ? Math.Min(1.0, (double)EpochsDone / e) : 0)) / Levels;

    /// <summary>Reads the progress of <paramref name="run"/> from its directory (nothing done when it does not exist yet).</summary>
    public static RunProgress Of(PlannedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        int levels = StrategyCatalog.PrunedLevels(run.Spec.Pruning.Strategy, run.Spec.Pruning.Levels) + 1;
        var duration = run.Spec.Training.Duration;
        int? epochs = duration.Iterations == 0 && duration.Epochs > 0 ? duration.Epochs : null;
        if (!RunStore.Exists(run.Directory)) return new RunProgress(0, levels, 0, epochs);
        var store = RunStore.Open(run.Directory);
        int done = 0;
        while (done < levels && store.IsLevelDone(done)) done++;
        int epochsDone = done < levels && File.Exists(store.EpochMetricsPath(done)) ? store.ReadEpochMetrics(done).Count : 0;
        return new RunProgress(done, levels, epochsDone, epochs);
    }
}
