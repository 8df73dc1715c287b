namespace Rewind.Pruning;

/// <summary>How to execute a run (not what it computes: that is the spec).</summary>
public sealed record RunOptions
{
    /// <summary>
    /// A run directory whose finished dense level 0 this run may reuse instead of training it again (studies share
    /// level 0 between strategies of the same seed). Used only when its level-0 key equals this run's.
    /// </summary>
    public string? LevelZeroFrom { get; init; }

    /// <summary>Cancels between optimizer steps (a killed process needs no token: resume handles it).</summary>
    public CancellationToken Cancellation { get; init; }
}
