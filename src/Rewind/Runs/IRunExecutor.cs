namespace Rewind.Runs;

/// <summary>
/// Executes the runs of a study stage. Each run's directory already holds its spec and level-reuse record, so running
/// it is <c>rewind run --resume DIR</c>: in this process, in worker processes or as cluster jobs. An executor honours
/// <see cref="PlannedRun.DependsOn"/> and returns when every run has finished or failed.
/// </summary>
public interface IRunExecutor
{
    /// <summary>Runs <paramref name="runs"/> (each listed after the runs it depends on).</summary>
    void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation);
}
