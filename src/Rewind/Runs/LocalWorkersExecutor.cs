using System.Diagnostics;

namespace Rewind.Runs;

/// <summary>
/// Runs a study stage in up to <see cref="Jobs"/> worker processes at once on this machine, each running one prepared
/// run directory as <c>rewind run --resume DIR --threads N</c> (<see cref="WorkerCommand"/>) with its output and errors
/// in the run's <c>log.txt</c>. A run starts once every run it depends on has finished (a seed's dense level 0 before its
/// branches, a donor before its transplant); a failed run does not stop the others (the runs that depend on it are
/// blocked), and the failures are thrown together at the end (<see cref="StudyRunsFailedException"/>). Cancelling stops
/// every worker cleanly (each keeps everything up to its last epoch boundary, so rerunning the study resumes it).
/// The default number of workers is <see cref="WorkerCount.Default"/>.
/// </summary>
/// <param name="jobs">Worker processes at once (1 or more).</param>
/// <param name="threadsPerRun">Thread count of each run whose study spec leaves it at 0 (1 or more); a worker runs each run with the count its spec records.</param>
/// <param name="command">How a worker runs a directory (default: <see cref="WorkerCommand.Default"/>).</param>
/// <param name="launcher">Starts the processes (default: <see cref="ProcessWorkerLauncher"/>).</param>
public sealed class LocalWorkersExecutor(int jobs, int threadsPerRun, WorkerCommand? command = null, IWorkerLauncher? launcher = null)
    : IRunExecutor
{
    private readonly IWorkerLauncher _launcher = launcher ?? new ProcessWorkerLauncher();
    private WorkerCommand? _command = command;

    /// <summary>Worker processes at once.</summary>
    public int Jobs { get; } = jobs >= 1 ? jobs : throw new RewindUserException($"--jobs: {jobs} is not a number of worker processes; use 1 or more (or auto).");

    /// <inheritdoc/>
    public int? ThreadsPerRun { get; } = threadsPerRun >= 1 ? threadsPerRun : throw new ArgumentOutOfRangeException(nameof(threadsPerRun));

    /// <summary>Receives every change of a run's state (from the executing thread), e.g. for a progress display.</summary>
    public Action<RunStatus>? StatusChanged { get; init; }

    /// <summary>How long stopped workers get to end cleanly before they are killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many times a run whose worker ended with an internal error (exit code 1: a bug, not a user mistake) is started
    /// again before it counts as failed. A retry resumes from the run's last epoch boundary, so a finished result is the
    /// same as without the error; the error stays in the run's <c>log.txt</c>. Default 1, a safety net: sporadic native
    /// errors in worker processes (about 1 in 150 runs) were traced to Scalars freed during libtorch calls and fixed
    /// (see <see cref="Scalars"/>), but a retry costs little when a bug of that kind is left.
    /// </summary>
    public int RetriesAfterInternalError { get; init; } = 1;

    /// <summary>
    /// Exit code 1 (Rewind's internal error) or a worker killed by a crash signal: SIGABRT, SIGBUS, SIGFPE or SIGSEGV
    /// (128 + the signal). Not SIGKILL (137: the user, or the kernel out of memory) and not SIGINT/SIGTERM (a stop).
    /// </summary>
    public static bool IsInternalErrorOrCrash(int exitCode) => exitCode is 1 or 134 or 135 or 136 or 139;

    /// <summary>How often the executor looks at its workers.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc/>
    public void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var command = _command ??= WorkerCommand.Default();
        var key = (PlannedRun r) => Path.GetFullPath(r.Directory);
        var inList = runs.Select(key).ToHashSet(StringComparer.Ordinal);
        var state = runs.ToDictionary(key, _ => RunState.Waiting, StringComparer.Ordinal);
        var failures = new List<RunFailure>();
        var retries = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = new Dictionary<string, (PlannedRun Run, IWorkerProcess Process)>(StringComparer.Ordinal);
        foreach (var run in runs) StatusChanged?.Invoke(new RunStatus(run, RunState.Waiting));
        // Runs that others wait for start first (a seed's dense level 0 before any branch), so branches are ready early
        // and no worker idles at the end waiting for a late dependency; otherwise in plan order.
        var dependents = runs.SelectMany(r => r.DependsOn.Select(Path.GetFullPath)).Where(inList.Contains)
            .GroupBy(d => d, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byPriority = runs.OrderByDescending(r => dependents.GetValueOrDefault(key(r))).ToList();
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (var (dir, (run, process)) in running.ToList())
                {
                    if (!process.HasExited) continue;
                    int code = process.ExitCode;
                    process.Dispose();
                    running.Remove(dir);
                    if (code == 0 && run.IsComplete())
                        Set(run, RunState.Done, code, null);
                    else if (IsInternalErrorOrCrash(code) && retries.GetValueOrDefault(dir) < RetriesAfterInternalError)
                    {
                        retries[dir] = retries.GetValueOrDefault(dir) + 1;
                        Set(run, RunState.Waiting, code, $"{(code == 1 ? "internal error" : "crash")} (exit code {code}, see log.txt): started again from its last epoch boundary");
                    }
                    else
                    {
                        var reason = code == 0 ? "exited with code 0 but its last level is not done" : $"exit code {code}";
                        Set(run, RunState.Failed, code, reason);
                        failures.Add(new RunFailure(run.Directory, run.Label, run.Seed, code, reason, RunFailure.TailOfLog(run.Directory)));
                    }
                }
                foreach (var run in byPriority)
                {
                    var dir = key(run);
                    if (state[dir] != RunState.Waiting) continue;
                    var deps = run.DependsOn.Select(Path.GetFullPath).Where(inList.Contains).ToList();
                    var broken = deps.FirstOrDefault(d => state[d] is RunState.Failed or RunState.Blocked);
                    if (broken is not null)
                    {
                        var reason = $"blocked: {Path.GetFileName(broken)} did not finish";
                        Set(run, RunState.Blocked, null, reason);
                        failures.Add(new RunFailure(run.Directory, run.Label, run.Seed, null, reason, ""));
                        continue;
                    }
                    if (running.Count >= Jobs || deps.Any(d => state[d] != RunState.Done)) continue;
                    var process = _launcher.Start(command.FileName, command.ArgumentsFor(run.Directory, run.Spec.Threads, stopWhenInputCloses: true),
                        Path.Combine(run.Directory, RunFailure.LogFileName));
                    running[dir] = (run, process);
                    Set(run, RunState.Running, null, $"pid {process.Id}");
                }
                if (running.Count == 0 && state.Values.All(s => s != RunState.Waiting)) break;
                if (running.Count == 0 && state.Values.Any(s => s == RunState.Waiting))
                    throw new InvalidOperationException("Runs wait for runs that cannot finish (a dependency cycle or an order the plan did not give).");
                cancellation.WaitHandle.WaitOne(PollInterval);
            }
        }
        finally
        {
            Stop(running.Values.Select(r => r.Process).ToList());
        }
        if (failures.Count > 0) throw new StudyRunsFailedException(failures);

        void Set(PlannedRun run, RunState s, int? code, string? detail)
        {
            state[key(run)] = s;
            StatusChanged?.Invoke(new RunStatus(run, s) { ExitCode = code, Detail = detail });
        }
    }

    /// <summary>Asks every worker to stop, waits up to <see cref="StopGrace"/>, then kills what is left.</summary>
    private void Stop(IReadOnlyList<IWorkerProcess> processes)
    {
        if (processes.Count == 0) return;
        foreach (var p in processes) p.RequestStop();
        var clock = Stopwatch.StartNew();
        while (processes.Any(p => !p.HasExited) && clock.Elapsed < StopGrace) Thread.Sleep(50);
        foreach (var p in processes)
        {
            if (!p.HasExited) p.Kill();
            p.Dispose();
        }
    }
}
