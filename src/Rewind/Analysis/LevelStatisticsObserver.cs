using Rewind.Pruning;
using Rewind.Training;

namespace Rewind.Analysis;

/// <summary>
/// Records what every trained level shows (<see cref="LevelStatistics"/>, <c>levels/NN/statistics.json</c>) and E_WG
/// over each level's first epoch (<c>weight-change.json</c>, Paper B §6.5), through the run store. The adaptive peak
/// reads these files; for a run recorded before they existed, the missing statistics of finished levels are measured
/// again from their stored end state when the run starts.
/// </summary>
public sealed class LevelStatisticsObserver : IRunObserver
{
    private RunContext? _run;
    private TrainingState? _state;
    private int _level;
    private IReadOnlyDictionary<string, float[]>? _startWeights;

    /// <inheritdoc/>
    public void OnRunStart(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        var store = run.Store;
        if (Schedules.PeakSchedules.IsKnownInAdvance(store.Spec.Peak)) return;
        foreach (var summary in store.CompletedLevels())
            if (store.ReadStatistics(summary.Level) is null) MeasureAgain(run, summary.Level);
    }

    /// <inheritdoc/>
    public void OnLevelReady(int level, TrainingState state, long startStep)
    {
        (_level, _state) = (level, state);
        // E_WG compares the weights at the level's start with those one epoch later.
        _startWeights = startStep == 0 ? NetworkProbe.CopyWeights(state) : null;
    }

    /// <inheritdoc/>
    public void OnEpochEnd(EpochMetrics metrics)
    {
        if (_startWeights is null || _run is null || _state is null) return;
        if (!_run.Store.HasWeightChange(_level))
            _run.Store.WriteWeightChange(_level, NetworkProbe.WeightChange(_startWeights, _state));
        _startWeights = null;
    }

    /// <inheritdoc/>
    public void OnLevelTrained(int level, TrainingState state)
    {
        var run = _run ?? throw new InvalidOperationException("OnRunStart was not called.");
        var spec = run.Store.Spec;
        run.Store.WriteStatistics(NetworkProbe.Measure(state, run.Data, spec.Training.BatchSize, spec.Seed, level, run.Store.ReadWeightChange(level)));
    }

    private static void MeasureAgain(RunContext run, int level)
    {
        var spec = run.Store.Spec;
        using var state = RunFactory.NewState(spec, run.Data, run.Device);
        using (var final = run.Store.LoadFinal(level)) final.RestoreInto(state, run.Device);
        run.Store.WriteStatistics(NetworkProbe.Measure(state, run.Data, spec.Training.BatchSize, spec.Seed, level, run.Store.ReadWeightChange(level)));
    }
}
