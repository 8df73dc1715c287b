using Rewind.Pruning;
using Rewind.Training;

namespace Rewind.Runs;

/// <summary>Runs a study's runs one after another in this process, each with its own progress observer.</summary>
/// <param name="observerFor">The progress observer of run <c>i</c> of <c>n</c> (null: none).</param>
public sealed class InProcessExecutor(Func<PlannedRun, int, int, ITrainingObserver>? observerFor = null) : IRunExecutor
{
    /// <inheritdoc/>
    public void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(runs);
        for (int i = 0; i < runs.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var observer = observerFor?.Invoke(runs[i], i, runs.Count);
            Run.Execute(RunStore.Open(runs[i].Directory), observer, writeReport: false, cancellation);
        }
    }
}
