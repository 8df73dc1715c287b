using System.Diagnostics;
using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary>Studies on a real one-node Slurm cluster started by the fixture (<see cref="LocalSlurm"/>).</summary>
[Collection("workers")]
public class SlurmExecutorTests(LocalSlurm cluster) : IClassFixture<LocalSlurm>
{
    private static readonly SlurmOptions Options = new() { PollInterval = TimeSpan.FromMilliseconds(300) };

    private readonly LocalSlurm _cluster = cluster;

    [SlurmFact]
    public void A_four_run_study_gives_the_same_results_on_slurm_as_locally_and_every_branch_starts_after_its_dense_level_0()
    {
        using var tmp = new TempDir();
        var (study, definition) = StudyFixtures.Compare(tmp, "lrr", seeds: 2);
        var reference = StudyFixtures.Sequential(tmp, study, definition);
        var seen = new List<RunStatus>();
        StudyRunner.Run(study, definition, tmp["slurm"], new SlurmExecutor(tmp["slurm"], Options) { StatusChanged = seen.Add });
        Assert.Equal(reference, StudyFixtures.Fingerprint(tmp["slurm"]));
        Assert.Equal(4, seen.Where(s => s.State == RunState.Done).Select(s => s.Run.Directory).Distinct().Count());
        // One array per stage: the dense runs, then the branches after them (afterok); each branch copied its seed's
        // finished level 0 instead of training it, so it cannot have started before that level was done.
        var jobs = SlurmJournal.Open(tmp["slurm"]).Jobs;
        Assert.Equal([["runs/dense-s0", "runs/dense-s1"], ["runs/lrr-s0", "runs/lrr-s1"]], jobs.Select(j => j.Runs.ToArray()));
        foreach (int seed in new[] { 0, 1 })
        {
            var log = File.ReadAllText(tmp[$"slurm/runs/lrr-s{seed}/log.txt"]);
            Assert.Contains($"Slurm task {jobs[1].JobId}_{seed}", log);
            Assert.Contains("Level 0 reused", log);
            Assert.DoesNotContain("level 0: density", log);
        }
    }

    [SlurmFact]
    public void A_run_that_fails_on_slurm_is_reported_with_its_exit_code_and_log_tail_while_the_other_finishes()
    {
        using var tmp = new TempDir();
        var (study, definition) = StudyFixtures.Compare(tmp, "lrr", seeds: 2, levels: 1);
        var plan = study.Plan(StudyRunner.Context(study, definition, tmp["study"], new SlurmExecutor(tmp["study"], Options)));
        StudyRunner.Claim(tmp["study"], definition);
        foreach (var run in plan) run.Prepare();
        var broken = plan.Single(r => r.Label == "dense" && r.Seed == 0);
        Directory.CreateDirectory(Path.Combine(broken.Directory, "levels", "00"));
        File.WriteAllText(Path.Combine(broken.Directory, "levels", "00", "checkpoint.safetensors"), "not a checkpoint");
        var fine = plan.Single(r => r.Label == "dense" && r.Seed == 1);
        var e = Assert.Throws<StudyRunsFailedException>(() => new SlurmExecutor(tmp["study"], Options).Execute([broken, fine], CancellationToken.None));
        var failure = Assert.Single(e.Failures);
        Assert.Equal(broken.Directory, failure.Directory);
        Assert.NotNull(failure.ExitCode);
        Assert.NotEqual(0, failure.ExitCode);
        Assert.Contains("FAILED", failure.Reason);
        Assert.Contains($"exit code {failure.ExitCode}", failure.Reason);
        Assert.Contains("checkpoint.safetensors", failure.LogTail);
        Assert.True(fine.IsComplete());
    }

    [SlurmFact]
    public void Cancelling_one_task_and_resubmitting_completes_the_study()
    {
        using var tmp = new TempDir();
        var (study, definition) = StudyFixtures.Compare(tmp, "lrr", seeds: 2);
        var reference = StudyFixtures.Sequential(tmp, study, definition);
        var dir = tmp["slurm"];
        var executor = new SlurmExecutor(dir, Options);
        var submission = StudyRunner.Submit(study, definition, dir, executor);
        Assert.Equal([2, 2], submission.Submitted.Select(j => j.Runs.Count));
        // The branch of seed 0 waits for its stage: cancel that task.
        new SlurmClient().Cancel([$"{submission.Submitted[1].JobId}_0"]);
        var plan = study.Plan(StudyRunner.Context(study, definition, dir, executor));
        var statuses = WaitForTheScheduler(executor, plan);
        var cancelled = statuses.Single(s => s.Run.Label == "lrr" && s.Run.Seed == 0);
        Assert.Equal(RunState.Failed, cancelled.State);
        Assert.Contains("CANCELLED", cancelled.Detail);
        Assert.All(statuses.Where(s => s != cancelled), s => Assert.Equal(RunState.Done, s.State));
        Assert.Contains(StudyStatus.Read(study, dir), l => l.Scheduler is { State: RunState.Failed } && !l.Progress.IsComplete);

        var again = StudyRunner.Resubmit(study, dir, executor);
        Assert.Equal(["runs/lrr-s0"], again.Submitted.SelectMany(j => j.Runs));
        Assert.All(WaitForTheScheduler(executor, plan), s => Assert.Equal(RunState.Done, s.State));
        StudyRunner.WriteReport(study, dir);
        Assert.Equal(reference, StudyFixtures.Fingerprint(dir));
    }

    private static IReadOnlyList<RunStatus> WaitForTheScheduler(SlurmExecutor executor, IReadOnlyList<PlannedRun> plan)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var statuses = executor.Status(plan);
            if (statuses.All(s => s.State is not (RunState.Waiting or RunState.Running))) return statuses;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "Slurm tasks still queued or running after 5 minutes: " + string.Join("; ", statuses.Select(s => s.Detail)));
            Thread.Sleep(300);
        }
    }
}
