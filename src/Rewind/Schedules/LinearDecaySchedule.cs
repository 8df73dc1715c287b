namespace Rewind.Schedules;

/// <summary>
/// Paper B's "LR decay (a, b)" (Table 1, ALGORITHMS §6.3): <c>lr = a·max(0, 1 − t/b)</c>, falling linearly from the
/// peak <c>a</c> to 0 over <c>b</c> iterations.
/// </summary>
/// <remarks>
/// Index mapping: here <c>t</c> is the number of iterations already done in the level, i.e. our 0-based step
/// (<c>t = step</c>). The first step therefore trains at the full peak — the schedule "decays from a" — and the LR
/// reaches 0 at step <c>b</c>; with <c>b</c> equal to the level length the last step trains at <c>a/b</c>.
/// (The warm-up shape <see cref="WarmupStepSchedule"/> uses 1-based <c>t</c> instead, so that its first step is not
/// spent at LR 0.) ALGORITHMS §8.7: a = 3e-2, b = 63K gives t = 0 → 0.03, 31.5K → 0.015, 63K → 0.
/// </remarks>
public sealed class LinearDecaySchedule : IStepSchedule
{
    /// <summary>Creates the decay over <paramref name="decaySteps"/> steps (Paper B's b); 0 decays over the whole level.</summary>
    public LinearDecaySchedule(long decaySteps)
    {
        if (decaySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "The decay length is ≥ 0 (0 = the whole level).");
        DecaySteps = decaySteps;
    }

    /// <summary>Steps from the peak to 0 (Paper B's b); 0 means the level length.</summary>
    public long DecaySteps { get; }

    /// <summary>Returns <c>peak·max(0, 1 − step/b)</c> (Paper B Table 1, LR decay), with b = the level length when 0.</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        StepGuard.Check(step, totalSteps);
        long b = DecaySteps == 0 ? totalSteps : DecaySteps;
        return peak * Math.Max(0.0, 1.0 - (double)step / b);
    }
}
