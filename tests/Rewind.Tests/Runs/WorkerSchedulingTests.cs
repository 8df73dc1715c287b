using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Tests.Runs;

/// <summary>The scheduling of <see cref="LocalWorkersExecutor"/> against scripted workers (no processes).</summary>
public class WorkerSchedulingTests
{
    /// <summary>Workers that end when the test says, each completing (or not) its run by writing nothing: completion is faked per directory.</summary>
    private sealed class ScriptedLauncher : IWorkerLauncher
    {
        public List<(string Dir, Worker Process)> Started { get; } = [];

        public int MaxRunning { get; private set; }

        public Func<string, int> ExitCodeOf { get; set; } = _ => 0;

        public IWorkerProcess Start(string fileName, IReadOnlyList<string> arguments, string logPath)
        {
            var dir = arguments[arguments.ToList().IndexOf("--resume") + 1];
            var w = new Worker(this, dir);
            lock (Started) Started.Add((dir, w));
            MaxRunning = Math.Max(MaxRunning, Started.Count(s => !s.Process.Ended));
            File.WriteAllText(logPath, $"worker for {dir}\nline 2\n");
            return w;
        }

        public sealed class Worker(ScriptedLauncher owner, string dir) : IWorkerProcess
        {
            private int _ticks;
            public int Id => 1000 + owner.Started.FindIndex(s => s.Dir == dir);
            public bool StopRequested { get; private set; }
            public bool Ended => StopRequested || _ticks > 3;
            public bool HasExited => StopRequested || ++_ticks > 3; // each worker "runs" for three looks
            public int ExitCode => StopRequested ? 130 : owner.ExitCodeOf(dir);
            public void RequestStop() => StopRequested = true;
            public void Kill() => StopRequested = true;
            public void Dispose() { }
        }
    }

    private static PlannedRun Planned(TempDir tmp, string label, string? dependsOn = null)
    {
        var spec = SpecLoader.FromYaml(StudyFixtures.Spec(levels: 0), "test");
        var dir = tmp[$"runs/{label}-s0"];
        var run = new PlannedRun(label, 0, Rewind.Pruning.RunValidation.Resolve(spec), dir) { After = dependsOn is null ? [] : [tmp[$"runs/{dependsOn}-s0"]] };
        run.Prepare();
        return run;
    }

    /// <summary>Marks a run complete as a worker would (its level 0 summary).</summary>
    private static void Complete(PlannedRun run)
    {
        var store = Rewind.Pruning.RunStore.Open(run.Directory);
        store.CompleteLevel(new LevelSummary(0, 1, 10, 10, 0.5, 1, 1, 0.5, 0.5, 1, 1, 0));
    }

    [Fact]
    public void Never_more_workers_than_jobs_and_dependents_wait_and_a_failure_blocks_only_its_dependents()
    {
        using var tmp = new TempDir();
        var a = Planned(tmp, "a");
        var b = Planned(tmp, "b");
        var c = Planned(tmp, "c", dependsOn: "a");
        var d = Planned(tmp, "d", dependsOn: "b");
        var launcher = new ScriptedLauncher();
        launcher.ExitCodeOf = dir =>
        {
            if (dir == b.Directory) return 3;
            Complete(new[] { a, c, d }.Single(r => r.Directory == dir));
            return 0;
        };
        var statuses = new List<RunStatus>();
        var executor = new LocalWorkersExecutor(2, 1, new WorkerCommand("dotnet", ["rewind.dll"]), launcher)
        {
            StatusChanged = statuses.Add,
            PollInterval = TimeSpan.FromMilliseconds(1),
        };
        var e = Assert.Throws<StudyRunsFailedException>(() => executor.Execute([a, b, c, d], CancellationToken.None));
        Assert.Equal(2, launcher.MaxRunning);
        Assert.Equal([a.Directory, b.Directory, c.Directory], launcher.Started.Select(s => s.Dir));
        Assert.Equal(2, e.Failures.Count);
        var failed = e.Failures[0];
        Assert.Equal((b.Directory, 3, "exit code 3"), (failed.Directory, failed.ExitCode, failed.Reason));
        Assert.Equal($"worker for {b.Directory}\nline 2", failed.LogTail);
        Assert.Equal((d.Directory, (int?)null), (e.Failures[1].Directory, e.Failures[1].ExitCode));
        Assert.Contains("blocked: b-s0", e.Failures[1].Reason);
        Assert.Equal(RunState.Done, statuses.Last(s => s.Run == c).State);
        Assert.True(statuses.FindIndex(s => s.Run == c && s.State == RunState.Running) > statuses.FindIndex(s => s.Run == a && s.State == RunState.Done));
    }

    [Fact]
    public void An_internal_error_is_retried_once_from_the_runs_last_boundary_and_a_second_one_fails_the_run()
    {
        using var tmp = new TempDir();
        var once = Planned(tmp, "once");
        var twice = Planned(tmp, "twice");
        var launcher = new ScriptedLauncher();
        var attempts = new Dictionary<string, int>();
        launcher.ExitCodeOf = dir =>
        {
            int n = attempts[dir] = attempts.GetValueOrDefault(dir) + 1;
            if (dir == once.Directory && n >= 2)
            {
                if (!once.IsComplete()) Complete(once);
                return 0;
            }
            return 1;
        };
        var executor = new LocalWorkersExecutor(2, 1, new WorkerCommand("dotnet", ["rewind.dll"]), launcher) { PollInterval = TimeSpan.FromMilliseconds(1) };
        var e = Assert.Throws<StudyRunsFailedException>(() => executor.Execute([once, twice], CancellationToken.None));
        Assert.Equal(2, launcher.Started.Count(s => s.Dir == once.Directory));
        Assert.Equal(2, launcher.Started.Count(s => s.Dir == twice.Directory));
        Assert.Equal((twice.Directory, 1), (e.Failures.Single().Directory, e.Failures.Single().ExitCode));
        Assert.True(once.IsComplete());
        Assert.Contains("worker for", File.ReadAllText(Path.Combine(once.Directory, RunFailure.LogFileName)));
    }

    [Theory]
    [InlineData(139, true)]  // SIGSEGV: a worker that crashed is started again once, like an internal error
    [InlineData(134, true)]  // SIGABRT
    [InlineData(1, true)]
    [InlineData(137, false)] // SIGKILL: killed on purpose or by the kernel for memory; retrying would repeat it
    [InlineData(2, false)]   // a user error
    [InlineData(4, false)]
    public void A_crash_signal_is_retried_like_an_internal_error(int code, bool retried)
    {
        Assert.Equal(retried, LocalWorkersExecutor.IsInternalErrorOrCrash(code));
        using var tmp = new TempDir();
        var run = Planned(tmp, "crash");
        var launcher = new ScriptedLauncher();
        int attempts = 0;
        launcher.ExitCodeOf = _ =>
        {
            if (++attempts == 1) return code;
            if (!run.IsComplete()) Complete(run);
            return 0;
        };
        var executor = new LocalWorkersExecutor(1, 1, new WorkerCommand("dotnet", ["rewind.dll"]), launcher) { PollInterval = TimeSpan.FromMilliseconds(1) };
        if (retried)
        {
            executor.Execute([run], CancellationToken.None);
            Assert.True(run.IsComplete());
        }
        else
        {
            var e = Assert.Throws<StudyRunsFailedException>(() => executor.Execute([run], CancellationToken.None));
            Assert.Equal(code, e.Failures.Single().ExitCode);
        }
        Assert.Equal(retried ? 2 : 1, launcher.Started.Count);
    }

    [Fact]
    public void Cancelling_asks_every_running_worker_to_stop_and_starts_no_more()
    {
        using var tmp = new TempDir();
        var runs = new[] { Planned(tmp, "a"), Planned(tmp, "b"), Planned(tmp, "c") };
        var launcher = new ScriptedLauncher();
        using var cancel = new CancellationTokenSource();
        var executor = new LocalWorkersExecutor(2, 1, new WorkerCommand("dotnet", ["rewind.dll"]), launcher)
        {
            StatusChanged = s => { if (s.State == RunState.Running && launcher.Started.Count == 2) cancel.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => executor.Execute(runs, cancel.Token));
        Assert.Equal(2, launcher.Started.Count);
        Assert.All(launcher.Started, s => Assert.True(s.Process.StopRequested));
    }

    [Fact]
    public void The_worker_command_runs_the_directory_with_its_threads_and_no_report()
    {
        var command = new WorkerCommand("/usr/bin/dotnet", ["/opt/rewind/rewind.dll"]);
        Assert.Equal(["/opt/rewind/rewind.dll", "run", "--resume", "/s/runs/a-s0", "--no-report", "--threads", "2", "--until-input-closes"],
            command.ArgumentsFor("/s/runs/a-s0", 2, stopWhenInputCloses: true));
        Assert.Equal(["/opt/rewind/rewind.dll", "run", "--resume", "/s/runs/a-s0", "--no-report"], command.ArgumentsFor("/s/runs/a-s0", 0, stopWhenInputCloses: false));
    }

    [Theory]
    [InlineData(2, 266_610, false, 2)] // LeNet-300-100: one single-thread worker per core
    [InlineData(8, 266_610, false, 8)]
    [InlineData(2, 5_000_000, false, 1)] // a large fully connected net: threads pay off
    [InlineData(2, 270_000, true, 1)] // ResNet-20: few weights, but its convolutions scale with threads
    [InlineData(16, 20_000_000, true, 8)]
    [InlineData(1, 266_610, false, 1)]
    public void The_default_number_of_workers_follows_the_measured_rule(int cores, long parameters, bool scales, int expected) =>
        Assert.Equal(expected, WorkerCount.Default(cores, parameters, scales));

    [Fact]
    public void Models_are_classed_by_family_and_size()
    {
        Assert.Equal(2, WorkerCount.ForModel(2, "lenet-300-100"));
        Assert.Equal(2, WorkerCount.ForModel(2, "conv-16-32"));
        Assert.Equal(1, WorkerCount.ForModel(2, "resnet-20"));
        Assert.Equal(1, WorkerCount.ForModel(2, "fc-4096x3"));
        Assert.Equal(1, WorkerCount.ThreadsPerWorker(2, 2));
        Assert.Equal(2, WorkerCount.ThreadsPerWorker(4, 2));
    }
}
