namespace Rewind.Pruning;

/// <summary>How to execute a run (not what it computes: that is the spec).</summary>
public sealed record RunOptions
{
    /// <summary>
    /// A run directory whose finished dense level 0 this run may reuse instead of training it again (studies share
    /// level 0 between strategies of the same seed). Used only when its level-0 key equals this run's.
    /// </summary>
    public string? LevelZeroFrom { get; init; }

    /// <summary>
    /// The generalisation of <see cref="LevelZeroFrom"/>: copy the finished levels 0..k−1 of another run, for the largest
    /// k ≤ <see cref="LevelReuse.MaxLevels"/> whose levels that run computed exactly as this spec would
    /// (<see cref="IterativePruning.PrefixKey"/>). An Oracle trial at level m continues from the chosen trial of level
    /// m − 1 this way; a SILO run with delay q shares its first q + 1 levels with a fixed-peak run.
    /// </summary>
    public LevelReuse? ReuseLevels { get; init; }

    /// <summary>Cancels between optimizer steps (a killed process needs no token: resume handles it).</summary>
    public CancellationToken Cancellation { get; init; }
}
