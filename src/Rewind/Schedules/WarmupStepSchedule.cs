namespace Rewind.Schedules;

/// <summary>
/// Paper B's "LR warmup (a, b, c, d, e)" (§6.2), the per-cycle shape SILO uses: <c>lr(t) = a·min(1, t/b)</c>,
/// multiplied by <c>factor</c> (Paper B: 1/10) at each drop iteration, with <c>t = step + 1</c> the 1-based iteration.
/// </summary>
/// <remarks>
/// A drop at <c>c</c> applies from 1-based iteration <c>c</c> on (<c>t ≥ c</c>, i.e. 0-based step ≥ c − 1), as
/// ALGORITHMS §8.7 pins it (b = 10K: t = 1 → a/10⁴, t = 10000 → a, t = 32000 → a/10). With the ramp 1-based the
/// first step trains at <c>a/b</c> rather than 0. <c>b = 0</c> means no ramp.
/// </remarks>
public sealed class WarmupStepSchedule : IStepSchedule
{
    private readonly long[] _drops;

    /// <summary>Creates the shape with a ramp of <paramref name="warmupSteps"/> (b), 1-based drop iterations and the factor per drop (Paper B §6.2).</summary>
    public WarmupStepSchedule(long warmupSteps, IReadOnlyList<long> drops, double factor = 0.1)
    {
        ArgumentNullException.ThrowIfNull(drops);
        if (warmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "The warm-up length is ≥ 0 (0 = no ramp).");
        if (!(factor > 0 && factor <= 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The drop factor lies in (0, 1].");
        for (int i = 0; i < drops.Count; i++)
        {
            if (drops[i] < 1)
                throw new ArgumentOutOfRangeException(nameof(drops), drops[i], "Drop iterations are 1-based (≥ 1).");
            if (i > 0 && drops[i] <= drops[i - 1])
                throw new ArgumentException($"Drop iterations must be strictly increasing; {drops[i]} follows {drops[i - 1]}.", nameof(drops));
        }
        WarmupSteps = warmupSteps;
        Factor = factor;
        _drops = [.. drops];
    }

    /// <summary>Length of the linear ramp in steps (Paper B's b); 0 = no ramp.</summary>
    public long WarmupSteps { get; }

    /// <summary>1-based iterations from which the LR is multiplied by <see cref="Factor"/> once more (Paper B's c, d, e).</summary>
    public IReadOnlyList<long> Drops => _drops;

    /// <summary>Multiplier applied at each drop (Paper B: 0.1).</summary>
    public double Factor { get; }

    /// <summary>Returns <c>peak·min(1, t/b)·factor^#{drops ≤ t}</c> with <c>t = step + 1</c> (Paper B §6.2).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        long t = step + 1;
        double lr = WarmupSteps > 0 ? peak * Math.Min(1.0, (double)t / WarmupSteps) : peak;
        int dropped = 0;
        foreach (var c in _drops)
            if (t >= c) dropped++;
        return dropped == 0 ? lr : lr * Math.Pow(Factor, dropped);
    }
}
