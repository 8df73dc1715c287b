namespace Rewind.Schedules;

/// <summary>The constant learning rate <c>lr = peak</c> at every step (Paper B Table 1 "constant LR (a)").</summary>
public sealed class ConstantSchedule : IStepSchedule
{
    /// <summary>Returns <paramref name="peak"/> for every step of the level (Paper B Table 1, constant LR).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        return peak;
    }
}
