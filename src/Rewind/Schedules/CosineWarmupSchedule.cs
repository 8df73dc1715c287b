namespace Rewind.Schedules;

/// <summary>
/// Linear warm-up then cosine annealing to a floor, Paper A's "cosine-warmup" (§5.1) written per step:
/// <c>step &lt; W: peak·(step+1)/W</c>; else <c>minLr + ½(1 + cos(π(step − W)/(T − W)))(peak − minLr)</c>.
/// </summary>
/// <remarks>
/// Evaluated at the epoch index with W and T in epochs this is exactly Paper A's per-epoch form (see
/// <see cref="PaperACosineWarmup"/>). W = 0 gives a plain cosine from the peak over the whole level.
/// </remarks>
public sealed class CosineWarmupSchedule : IStepSchedule
{
    /// <summary>Creates the schedule with <paramref name="warmupSteps"/> ramp steps and floor <paramref name="minLr"/> (Paper A §5.1, η_min).</summary>
    public CosineWarmupSchedule(long warmupSteps, double minLr)
    {
        if (warmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "The warm-up length is ≥ 0 (0 = no ramp).");
        if (!(minLr >= 0) || !double.IsFinite(minLr))
            throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "The cosine floor is a finite number ≥ 0.");
        WarmupSteps = warmupSteps;
        MinLr = minLr;
    }

    /// <summary>Length of the linear ramp in steps (Paper A: 10 epochs); 0 = no ramp.</summary>
    public long WarmupSteps { get; }

    /// <summary>The floor the cosine reaches at the end of the level (Paper A's code: η_min = 0.01).</summary>
    public double MinLr { get; }

    /// <summary>Returns the warm-up ramp or the cosine value at 0-based step <paramref name="step"/> (Paper A §5.1, cosine-warmup).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        if (step < WarmupSteps)
            return peak * (step + 1) / WarmupSteps;
        double e = step - WarmupSteps;
        double es = totalSteps - WarmupSteps;
        return MinLr + 0.5 * (1 + Math.Cos(Math.PI * e / es)) * (peak - MinLr);
    }
}
