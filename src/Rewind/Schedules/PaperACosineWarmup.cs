namespace Rewind.Schedules;

/// <summary>
/// Paper A's per-level "cosine-warmup" exactly as its code sets it once per epoch (ALGORITHMS §5.1): with
/// <c>e = step / stepsPerEpoch</c> and <c>E</c> the level's epochs, <c>e &lt; W: η(e+1)/W</c>, else
/// <c>η_min + ½(1 + cos(π(e − W)/(E − W)))(η − η_min)</c>; defaults W = 10, η_min = 0.01.
/// </summary>
/// <remarks>W = 0 gives Paper A's plain <c>cosine_lr</c> (no warm-up). The level must be a whole number of epochs.</remarks>
public sealed class PaperACosineWarmup : IStepSchedule
{
    private readonly CosineWarmupSchedule _perEpoch;

    /// <summary>Creates the per-epoch cosine-warmup for <paramref name="stepsPerEpoch"/> steps per epoch (Paper A §5.1).</summary>
    public PaperACosineWarmup(long stepsPerEpoch, int warmupEpochs = 10, double minLr = 0.01)
    {
        EpochIndex.CheckStepsPerEpoch(stepsPerEpoch);
        StepsPerEpoch = stepsPerEpoch;
        _perEpoch = new CosineWarmupSchedule(warmupEpochs, minLr);
    }

    /// <summary>Optimizer steps in one epoch.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>Warm-up epochs W (Paper A: 10).</summary>
    public int WarmupEpochs => (int)_perEpoch.WarmupSteps;

    /// <summary>The cosine floor η_min (Paper A's code default 0.01).</summary>
    public double MinLr => _perEpoch.MinLr;

    /// <summary>Returns Paper A's cosine-warmup LR of the epoch containing <paramref name="step"/> (§5.1).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        var (e, epochs) = EpochIndex.Of(step, totalSteps, StepsPerEpoch);
        return _perEpoch.LearningRate(e, epochs, peak);
    }
}
