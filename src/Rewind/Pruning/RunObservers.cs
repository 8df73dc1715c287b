using Rewind.Training;

namespace Rewind.Pruning;

/// <summary>Passes every call on to several observers in order (progress display, analysis, record files).</summary>
public sealed class RunObservers(IEnumerable<ITrainingObserver> observers) : IRunObserver
{
    private readonly ITrainingObserver[] _all = observers.ToArray();

    private IEnumerable<IRunObserver> RunLevel => _all.OfType<IRunObserver>();

    /// <inheritdoc/>
    public void OnRunStart(RunContext run)
    {
        foreach (var o in RunLevel) o.OnRunStart(run);
    }

    /// <inheritdoc/>
    public void OnLevelReady(int level, TrainingState state, long startStep)
    {
        foreach (var o in RunLevel) o.OnLevelReady(level, state, startStep);
    }

    /// <inheritdoc/>
    public void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch)
    {
        foreach (var o in _all) o.OnLevelStart(level, density, totalSteps, startStep, stepsPerEpoch);
    }

    /// <inheritdoc/>
    public void OnStep(int level, long step, double learningRate)
    {
        foreach (var o in _all) o.OnStep(level, step, learningRate);
    }

    /// <inheritdoc/>
    public void OnEpochEnd(EpochMetrics metrics)
    {
        foreach (var o in _all) o.OnEpochEnd(metrics);
    }

    /// <inheritdoc/>
    public void OnLevelTrained(int level, TrainingState state)
    {
        foreach (var o in _all) o.OnLevelTrained(level, state);
    }

    /// <inheritdoc/>
    public void OnLevelEnd(LevelSummary summary)
    {
        foreach (var o in _all) o.OnLevelEnd(summary);
    }

    /// <inheritdoc/>
    public void OnMessage(string message)
    {
        foreach (var o in _all) o.OnMessage(message);
    }
}
