namespace Rewind.Runs;

/// <summary>Where a run of a study stands in its executor (the display and <c>rewind status</c> show it).</summary>
/// <param name="Run">The planned run.</param>
/// <param name="State">Waiting, running, done, failed or blocked.</param>
public sealed record RunStatus(PlannedRun Run, RunState State)
{
    /// <summary>The exit code of the worker process or cluster task, when it ended.</summary>
    public int? ExitCode { get; init; }

    /// <summary>A short reason or detail (the scheduler's state and reason, the dependency that failed), or null.</summary>
    public string? Detail { get; init; }
}

/// <summary>The states of a run in an executor.</summary>
public enum RunState
{
    /// <summary>Not started: waiting for a free worker, for its dependencies or in the scheduler's queue.</summary>
    Waiting,

    /// <summary>A worker process or cluster task is running it.</summary>
    Running,

    /// <summary>Every level is done.</summary>
    Done,

    /// <summary>Its process or task ended without finishing the run (see the exit code and the run's <c>log.txt</c>).</summary>
    Failed,

    /// <summary>Not started because a run it depends on failed.</summary>
    Blocked,
}
