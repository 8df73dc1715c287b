using Rewind.Pruning;
using Rewind.Training;

namespace Rewind.Reporting;

/// <summary>Keeps each level's <c>metrics.jsonl</c> (one line per evaluated epoch) up to date at every epoch boundary.</summary>
public sealed class EpochLogObserver : IRunObserver
{
    private RunStore? _store;
    private int _level;
    private readonly List<EpochMetrics> _epochs = [];

    /// <inheritdoc/>
    public void OnRunStart(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _store = run.Store;
    }

    /// <inheritdoc/>
    public void OnLevelReady(int level, TrainingState state, long startStep)
    {
        _level = level;
        _epochs.Clear();
        // A resumed level keeps the epochs up to its checkpoint (a crash may have logged one more before dying).
        if (startStep > 0 && _store is not null) _epochs.AddRange(_store.ReadEpochMetrics(level).Where(e => e.Step <= startStep));
    }

    /// <inheritdoc/>
    public void OnEpochEnd(EpochMetrics metrics)
    {
        _epochs.Add(metrics);
        _store?.WriteEpochMetrics(_level, _epochs);
    }
}
