
namespace Rewind.Training;

/// <summary>
/// Watches a run without driving it: progress bars, logging and analysis plug in here. Every method has an empty
/// default so an observer implements only what it needs. Calls come from the training thread.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>A level starts (or resumes at <paramref name="startStep"/>).</summary>
    void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch) { }

    /// <summary>An optimizer step finished (<paramref name="step"/> is the count of steps done in the level).</summary>
    void OnStep(int level, long step, double learningRate) { }

    /// <summary>An epoch ended and was evaluated.</summary>
    void OnEpochEnd(EpochMetrics metrics) { }

    /// <summary>
    /// A level finished training (after its statistics were measured, before its summary is written): analysis may read
    /// the trained network here. Do not modify <paramref name="state"/>.
    /// </summary>
    void OnLevelTrained(int level, TrainingState state) { }

    /// <summary>A level finished.</summary>
    void OnLevelEnd(LevelSummary summary) { }

    /// <summary>A line worth telling the user (a skipped level, a resume, where files went).</summary>
    void OnMessage(string message) { }
}
