namespace Rewind.Schedules;

/// <summary>Argument checks shared by the step shapes (caller bugs, not user mistakes).</summary>
internal static class StepGuard
{
    /// <summary>Throws unless <c>0 ≤ step &lt; totalSteps</c>.</summary>
    public static void Check(long step, long totalSteps)
    {
        if (totalSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "A level has at least one step.");
        if (step < 0 || step >= totalSteps)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"The 0-based step must lie in [0, {totalSteps}).");
    }
}
