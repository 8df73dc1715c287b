namespace Rewind.Runs;

/// <summary>
/// Executes the runs of a study stage. Each run's directory already holds its spec and level-reuse record, so running
/// it is <c>rewind run --resume DIR</c>: in this process (<see cref="InProcessExecutor"/>), in worker processes
/// (<see cref="LocalWorkersExecutor"/>) or as cluster jobs (<see cref="SlurmExecutor"/>). An executor honours
/// <see cref="PlannedRun.DependsOn"/> and returns when every run has finished or failed.
/// </summary>
public interface IRunExecutor
{
    /// <summary>
    /// The thread count each run gets when the study's base spec leaves <c>threads</c> at 0 (null: this process's
    /// default). The spec of every run records it, because results are bit-identical only for the same count.
    /// </summary>
    int? ThreadsPerRun => null;

    /// <summary>Runs <paramref name="runs"/> (each listed after the runs it depends on).</summary>
    void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation);
}
