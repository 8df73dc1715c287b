namespace Rewind.Schedules;

/// <summary>Maps 0-based steps to Paper A's 0-based epoch index (the LR is set once per epoch there).</summary>
internal static class EpochIndex
{
    /// <summary>Returns (epoch of <paramref name="step"/>, epochs in the level); the level must be whole epochs.</summary>
    public static (long Epoch, long Epochs) Of(long step, long totalSteps, long stepsPerEpoch)
    {
        StepGuard.Check(step, totalSteps);
        if (totalSteps % stepsPerEpoch != 0)
            throw new ArgumentException(
                $"A level of {totalSteps} steps is not a whole number of epochs of {stepsPerEpoch} steps; per-epoch schedules need whole epochs.",
                nameof(totalSteps));
        return (step / stepsPerEpoch, totalSteps / stepsPerEpoch);
    }

    /// <summary>Throws unless <paramref name="stepsPerEpoch"/> is positive.</summary>
    public static void CheckStepsPerEpoch(long stepsPerEpoch)
    {
        if (stepsPerEpoch <= 0)
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "An epoch has at least one step.");
    }
}
