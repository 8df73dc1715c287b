namespace Rewind.Schedules;

/// <summary>The peak learning rate of pruning level <c>m</c> (0 = dense). Pure; SILO lives here.</summary>
public interface IPeakSchedule
{
    /// <summary>Peak learning rate of level <paramref name="level"/>.</summary>
    double Peak(int level);
}
