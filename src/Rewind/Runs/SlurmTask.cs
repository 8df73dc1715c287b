namespace Rewind.Runs;

/// <summary>One task of a Slurm job array as <c>scontrol -o show job</c> reports it.</summary>
/// <param name="ArrayJobId">The array's job id (the id <c>sbatch</c> printed).</param>
/// <param name="TaskId">The task's index in the array.</param>
/// <param name="State">Slurm's job state, e.g. <c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>CANCELLED</c>.</param>
/// <param name="Reason">Slurm's reason (why it waits or why it ended), e.g. <c>Dependency</c> or <c>NonZeroExitCode</c>.</param>
/// <param name="ExitCode">The exit code of the task's script (null while it has not ended).</param>
public sealed record SlurmTask(string ArrayJobId, int TaskId, string State, string Reason, int? ExitCode)
{
    /// <summary>True while the task is queued or running (it may still finish its run).</summary>
    public bool IsActive => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED"
        or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING" or "SIGNALING" or "STAGE_OUT" or "RESV_DEL_HOLD";

    /// <summary>The task's id as Slurm writes it: <c>ARRAY_TASK</c>.</summary>
    public string Id => $"{ArrayJobId}_{TaskId}";
}
