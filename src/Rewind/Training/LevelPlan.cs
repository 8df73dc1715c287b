using Rewind.Schedules;

namespace Rewind.Training;

/// <summary>
/// What one level trains: its index, length in steps, the learning-rate shape and peak, and the density it runs at.
/// When <see cref="ConstantFinalRate"/> is set (fine-tuning) the whole level runs at the shape's final rate.
/// </summary>
public sealed record LevelPlan(
    int Level,
    double Density,
    long TotalSteps,
    long StepsPerEpoch,
    IStepSchedule Schedule,
    double Peak,
    bool ConstantFinalRate = false)
{
    /// <summary>Learning rate at 0-based step <paramref name="step"/> of this level.</summary>
    public double LearningRate(long step) =>
        ConstantFinalRate
            ? Schedule.LearningRate(TotalSteps - 1, TotalSteps, Peak)
            : Schedule.LearningRate(step, TotalSteps, Peak);
}
