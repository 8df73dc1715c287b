using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary>Which thread count a study's runs record: the executor's, unless the spec sets one or the study's runs already record one.</summary>
public class StudyThreadsTests
{
    private sealed class Executor(int? threads) : IRunExecutor
    {
        public int? ThreadsPerRun => threads;

        public void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation) => throw new NotSupportedException();
    }

    [Fact]
    public void Runs_get_the_executors_thread_count_unless_the_spec_or_the_recorded_runs_say_otherwise()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], StudyFixtures.Spec().Replace("threads: 1\n", "threads: 0\n"));
        var study = new Rewind.Experiments.CompareStudy();
        var definition = study.Define(tmp["spec.yaml"], [], 1, new Dictionary<string, string> { ["strategies"] = "lrr" });
        Assert.All(study.Plan(StudyRunner.Context(study, definition, tmp["s"], new Executor(3))), r => Assert.Equal(3, r.Spec.Threads));

        // A study first run with 3 threads per run keeps them when another executor continues it.
        foreach (var run in study.Plan(StudyRunner.Context(study, definition, tmp["s"], new Executor(3)))) run.Prepare();
        var messages = new List<string>();
        var resumed = StudyRunner.Context(study, definition, tmp["s"], new Executor(1), new Progress(messages));
        Assert.All(study.Plan(resumed), r => Assert.Equal(3, r.Spec.Threads));
        Assert.Contains(messages, m => m.Contains("record 3 thread(s)", StringComparison.Ordinal));

        // A spec that sets threads is never overridden.
        var fixedDefinition = study.Define(tmp["spec.yaml"], ["threads=2"], 1, new Dictionary<string, string> { ["strategies"] = "lrr" });
        Assert.All(study.Plan(StudyRunner.Context(study, fixedDefinition, tmp["t"], new Executor(1))), r => Assert.Equal(2, r.Spec.Threads));
    }

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
