namespace Rewind.Schedules;

/// <summary>
/// The learning-rate shape inside one pruning level: a pure function of the 0-based step inside the level,
/// the level's length in steps and the level's peak learning rate (which an <see cref="IPeakSchedule"/> supplies).
/// </summary>
public interface IStepSchedule
{
    /// <summary>Learning rate at 0-based step <paramref name="step"/> of a level of <paramref name="totalSteps"/> steps.</summary>
    double LearningRate(long step, long totalSteps, double peak);
}
