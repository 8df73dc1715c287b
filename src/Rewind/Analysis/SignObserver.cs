using Rewind.Pruning;
using Rewind.Training;

namespace Rewind.Analysis;

/// <summary>
/// Records each trained level's sign flips (<see cref="LevelSigns"/>, <c>signs.json</c>) and, for networks with
/// BatchNorm, its γ distributions (<see cref="BatchNormGammas"/>, <c>bn-gamma.json</c>) from what the store holds once the
/// level's end state is saved — the same computation <c>rewind analyze</c> runs on a finished run.
/// </summary>
public sealed class SignObserver : IRunObserver
{
    private RunStore? _store;

    /// <inheritdoc/>
    public void OnRunStart(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _store = run.Store;
    }

    /// <inheritdoc/>
    public void OnLevelTrained(int level, TrainingState state)
    {
        var store = _store ?? throw new InvalidOperationException("OnRunStart was not called.");
        RunAnalysis.RecordLevel(store, level);
    }
}
