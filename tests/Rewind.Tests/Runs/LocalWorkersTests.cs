using System.Diagnostics;
using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary>Studies in real worker processes (<c>rewind run --resume DIR</c> from the CLI assembly in the test output folder).</summary>
[Collection("workers")]
public class LocalWorkersTests
{
    [Fact]
    public void Two_workers_give_results_identical_to_sequential_execution()
    {
        using var tmp = new TempDir();
        var (study, definition) = StudyFixtures.Compare(tmp, "imp,lrr", seeds: 1);
        var reference = StudyFixtures.Sequential(tmp, study, definition);
        var seen = new List<RunStatus>();
        var executor = new LocalWorkersExecutor(2, 1) { StatusChanged = seen.Add };
        StudyRunner.Run(study, definition, tmp["workers"], executor);
        Assert.Equal(reference, StudyFixtures.Fingerprint(tmp["workers"]));
        // Every run ran in a worker whose output is in its log.txt; the branches started after their dense level 0.
        foreach (var run in new[] { "dense-s0", "imp-s0", "lrr-s0" })
            Assert.Contains("level", File.ReadAllText(tmp[$"workers/runs/{run}/log.txt"]));
        Assert.Contains("Level 0 reused", File.ReadAllText(tmp["workers/runs/imp-s0/log.txt"]));
        Assert.Equal(3, seen.Count(s => s.State == RunState.Done));
        int denseDone = seen.FindIndex(s => s.State == RunState.Done && s.Run.Label == "dense");
        Assert.True(denseDone >= 0 && denseDone < seen.FindIndex(s => s.State == RunState.Running && s.Run.Label == "imp"));
    }

    [Theory]
    [InlineData("KILL")] // the whole study dies at once, wherever each process is
    [InlineData("INT")] // Ctrl-C in a terminal: every process of the foreground group gets SIGINT and stops cleanly
    public void Stopping_the_whole_study_mid_way_and_rerunning_it_completes_it_with_identical_results(string signal)
    {
        using var tmp = new TempDir();
        // Six levels, so the study is still running when the signal arrives after the first pruned level.
        var (study, definition) = StudyFixtures.Compare(tmp, "imp,lrr", seeds: 1, levels: 6);
        var reference = StudyFixtures.Sequential(tmp, study, definition);

        // The study in its own process group (setsid), so the signal reaches all of it — study process and workers.
        var cli = Path.Combine(AppContext.BaseDirectory, "rewind.dll");
        // `env --default-signal=INT`: a test run started in the background of a non-interactive shell inherits SIGINT
        // as ignored, which would hide Ctrl-C from the study; a terminal's Ctrl-C always arrives with the default action.
        var info = new ProcessStartInfo("env") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("setsid");
        foreach (var a in new[] { WorkerCommand.DotnetHost(), cli, "compare", tmp["spec.yaml"], "--strategies", "imp,lrr", "--jobs", "2", "--out", tmp["stopped"] })
            info.ArgumentList.Add(a);
        using (var first = Process.Start(info)!)
        {
            // (Its output is a few lines per run, well within a pipe's buffer: read once it has ended.)
            var clock = Stopwatch.StartNew();
            // Wait until a branch has finished a pruned level but not the study: then stop everything mid-way.
            while (!File.Exists(tmp["stopped/runs/imp-s0/levels/01/summary.json"]) && !File.Exists(tmp["stopped/runs/lrr-s0/levels/01/summary.json"]))
            {
                Assert.False(first.HasExited, "the study ended before it could be stopped mid-way");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no pruned level finished within 3 minutes");
                Thread.Sleep(20);
            }
            using (var kill = Process.Start("kill", ["-" + signal, "--", "-" + first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
                Assert.Equal(0, kill.ExitCode);
            }
            Assert.True(first.WaitForExit(TimeSpan.FromMinutes(1)), "the study did not stop within a minute");
            if (signal == "INT")
            {
                Assert.Equal(130, first.ExitCode);
                Assert.Contains("Interrupted", first.StandardOutput.ReadToEnd());
            }
        }
        Assert.False(File.Exists(tmp["stopped/report.md"]));
        Assert.Empty(ProcessesMentioning(tmp["stopped"])); // no worker outlives its study
        Assert.False(File.Exists(tmp["stopped/runs/imp-s0/levels/06/summary.json"]) && File.Exists(tmp["stopped/runs/lrr-s0/levels/06/summary.json"]));

        StudyRunner.Run(study, definition, tmp["stopped"], new LocalWorkersExecutor(2, 1));
        Assert.Equal(reference, StudyFixtures.Fingerprint(tmp["stopped"]));
    }

    /// <summary>Processes whose command line names <paramref name="path"/> (the workers of a study in that folder), waiting up to 10 s for them to go.</summary>
    private static List<int> ProcessesMentioning(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = new List<int>();
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
                try
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    if (cmdline.Contains(path, StringComparison.Ordinal) && !stat.Contains(") Z ", StringComparison.Ordinal)) found.Add(pid);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            if (found.Count == 0 || clock.Elapsed > TimeSpan.FromSeconds(10)) return found;
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void A_run_that_fails_in_its_worker_is_reported_with_its_exit_code_and_log_tail_while_the_others_finish()
    {
        using var tmp = new TempDir();
        var (study, definition) = StudyFixtures.Compare(tmp, "imp,lrr", seeds: 1, levels: 1);
        var plan = study.Plan(StudyRunner.Context(study, definition, tmp["study"]));
        StudyRunner.Claim(tmp["study"], definition);
        foreach (var run in plan) run.Prepare();
        // The dense run's level 0 resumes from a checkpoint that is not one: its worker fails, and both branches are blocked.
        var dense = plan.Single(r => r.Label == "dense");
        Directory.CreateDirectory(Path.Combine(dense.Directory, "levels", "00"));
        File.WriteAllText(Path.Combine(dense.Directory, "levels", "00", "checkpoint.safetensors"), "not a checkpoint");
        var other = plan.Single(r => r.Label == "imp") with { Reuse = null }; // made independent: it must still finish
        var e = Assert.Throws<StudyRunsFailedException>(() =>
            new LocalWorkersExecutor(2, 1).Execute([dense, other, plan.Single(r => r.Label == "lrr")], CancellationToken.None));
        var failed = e.Failures.Single(f => f.Label == "dense");
        Assert.NotNull(failed.ExitCode);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"exit code {failed.ExitCode}", failed.Reason);
        Assert.Contains("checkpoint.safetensors", failed.LogTail);
        Assert.Contains(e.Failures, f => f.Label == "lrr" && f.Reason.Contains("blocked", StringComparison.Ordinal) && f.ExitCode is null);
        Assert.DoesNotContain(e.Failures, f => f.Label == "imp");
        Assert.True(other.IsComplete());
    }
}
