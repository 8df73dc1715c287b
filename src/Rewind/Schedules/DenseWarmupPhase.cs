namespace Rewind.Schedules;

/// <summary>
/// Paper A's dense warm-up phase in front of level 0 (ALGORITHMS §5.1, Table 1 "Warmup Epochs"): for the first
/// <see cref="WarmupSteps"/> steps the learning rate ramps linearly to the peak — once per epoch, <c>η·(e+1)/W</c>, when
/// <see cref="StepsPerEpoch"/> is given (Paper A's code), else per step <c>η·(t+1)/W</c> — and the level's own shape
/// follows on the remaining steps as if they were a level of their own.
/// </summary>
public sealed class DenseWarmupPhase(IStepSchedule level, long warmupSteps, long stepsPerEpoch = 0) : IStepSchedule
{
    /// <summary>Steps of the warm-up phase.</summary>
    public long WarmupSteps { get; } = warmupSteps > 0 ? warmupSteps : throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "A warm-up phase has at least one step.");

    /// <summary>Steps per epoch when the ramp moves once per epoch; 0 = every step.</summary>
    public long StepsPerEpoch { get; } = stepsPerEpoch;

    /// <inheritdoc/>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        if (step >= WarmupSteps) return level.LearningRate(step - WarmupSteps, totalSteps - WarmupSteps, peak);
        if (StepsPerEpoch <= 0) return peak * (step + 1) / WarmupSteps;
        long epochs = Math.Max(1, WarmupSteps / StepsPerEpoch);
        return peak * (step / StepsPerEpoch + 1) / epochs;
    }
}
