using System.Globalization;
using System.Text;

namespace Rewind.Runs;

/// <summary>
/// Runs a study's runs as Slurm jobs: one job array per dependency stage (stage k waits for stage k − 1 with
/// <c>afterok</c> and is cancelled if a task of it fails), each task running one prepared run directory as
/// <c>rewind run --resume DIR</c> with its output in the run's <c>log.txt</c>, so a preempted, failed or cancelled task
/// is simply submitted again (<see cref="StudyRunner.Resubmit"/>). The submissions are recorded in the study folder
/// (<see cref="SlurmJournal"/>); the study folder and the rewind CLI must be on a file system the cluster's nodes share.
/// Attached (<see cref="Execute"/>), it polls the scheduler until every task has ended and reports failures with their exit
/// code and log tail; cancelling it stops the waiting only (the jobs keep running; <c>rewind status DIR</c> follows them).
/// </summary>
/// <param name="studyDirectory">The study folder (holds <c>slurm/</c>).</param>
/// <param name="options">The <c>sbatch</c> options.</param>
/// <param name="command">How a task runs a directory (default: <see cref="WorkerCommand.Default"/>).</param>
/// <param name="runner">Runs the Slurm commands (default: this machine's).</param>
public sealed class SlurmExecutor(string studyDirectory, SlurmOptions options, WorkerCommand? command = null, ICommandRunner? runner = null)
    : IRunExecutor
{
    private readonly SlurmClient _client = new(runner);
    private WorkerCommand? _command = command;

    /// <summary>The study folder.</summary>
    public string StudyDirectory { get; } = Path.GetFullPath(studyDirectory);

    /// <summary>The submission options.</summary>
    public SlurmOptions Options { get; } = (options ?? throw new ArgumentNullException(nameof(options))).Validated();

    /// <inheritdoc/>
    public int? ThreadsPerRun => Options.Cpus;

    /// <summary>Receives every change of a run's state while attached.</summary>
    public Action<RunStatus>? StatusChanged { get; init; }

    /// <inheritdoc/>
    public void Execute(IReadOnlyList<PlannedRun> runs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Submit(runs);
        var last = new Dictionary<string, RunStatus>(StringComparer.Ordinal);
        while (true)
        {
            var statuses = Status(runs);
            foreach (var s in statuses)
            {
                var key = Path.GetFullPath(s.Run.Directory);
                if (!last.TryGetValue(key, out var before) || before.State != s.State || before.Detail != s.Detail) StatusChanged?.Invoke(s);
                last[key] = s;
            }
            if (statuses.All(s => s.State is not (RunState.Waiting or RunState.Running))) break;
            if (cancellation.WaitHandle.WaitOne(Options.PollInterval)) cancellation.ThrowIfCancellationRequested();
        }
        var failures = last.Values.Where(s => s.State != RunState.Done)
            .Select(s => new RunFailure(s.Run.Directory, s.Run.Label, s.Run.Seed, s.ExitCode, s.Detail ?? s.State.ToString(),
                RunFailure.TailOfLog(s.Run.Directory)))
            .ToList();
        if (failures.Count > 0) throw new StudyRunsFailedException(failures);
    }

    /// <summary>
    /// Submits the runs that have no queued or running task yet, one job array per dependency stage, and records them in
    /// the study's journal; returns at once.
    /// </summary>
    public SlurmSubmission Submit(IReadOnlyList<PlannedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var cmd = _command ??= WorkerCommand.Default();
        var journal = SlurmJournal.Open(StudyDirectory);
        var active = new Dictionary<string, string>(StringComparer.Ordinal); // run dir -> its active task's array job id
        var known = new Dictionary<string, IReadOnlyList<SlurmTask>?>(StringComparer.Ordinal);
        foreach (var run in runs)
            if (ActiveTask(journal, run.Directory, known) is { } task) active[Path.GetFullPath(run.Directory)] = task.ArrayJobId;
        var todo = StudyRunner.Ordered(runs.Where(r => !active.ContainsKey(Path.GetFullPath(r.Directory))).ToList());
        var stages = Stages(todo);
        Directory.CreateDirectory(journal.Folder);
        var submitted = new List<SlurmArrayJob>();
        string tag = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        for (int stage = 0; stage < stages.Count; stage++)
        {
            var members = stages[stage];
            var afterOk = new SortedSet<string>(StringComparer.Ordinal);
            if (stage > 0) afterOk.Add(submitted[^1].JobId);
            foreach (var run in members)
                foreach (var dep in run.DependsOn)
                    if (active.TryGetValue(Path.GetFullPath(dep), out var activeJob)) afterOk.Add(activeJob);
            var name = $"{tag}-stage{stage}";
            var list = Path.Combine(journal.Folder, name + ".runs");
            var script = Path.Combine(journal.Folder, name + ".sh");
            File.WriteAllText(list, string.Join("\n", members.Select(r => Path.GetFullPath(r.Directory))) + "\n");
            File.WriteAllText(script, JobScript(cmd, list));
            var jobId = _client.SubmitArray(script, members.Count, Options, "rewind-" + Path.GetFileName(StudyDirectory),
                Path.Combine(journal.Folder, "%A_%a.out"), afterOk);
            var job = new SlurmArrayJob(jobId, stage, members.Select(r => journal.Relative(r.Directory)).ToArray(),
                Path.GetRelativePath(StudyDirectory, script), DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture), Options);
            journal.Add(job);
            submitted.Add(job);
        }
        return new SlurmSubmission(submitted, active.Keys.ToArray());
    }

    /// <summary>
    /// Where each of <paramref name="runs"/> stands: done from its directory; otherwise the state of its latest task
    /// (waiting: pending; running; failed: ended without finishing the run, with Slurm's state, reason and exit code).
    /// A run never submitted, or whose task Slurm has forgotten, counts as failed when unfinished.
    /// </summary>
    public IReadOnlyList<RunStatus> Status(IReadOnlyList<PlannedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var journal = SlurmJournal.Open(StudyDirectory);
        var known = new Dictionary<string, IReadOnlyList<SlurmTask>?>(StringComparer.Ordinal);
        var result = new List<RunStatus>();
        foreach (var run in runs)
        {
            var latest = journal.LatestTask(run.Directory);
            var task = latest is { } l ? Lookup(l.JobId, l.Task, known) : null;
            var id = latest is { } t ? $"{t.JobId}_{t.Task}" : null;
            if (task is { IsActive: true })
                result.Add(new RunStatus(run, task.State == "PENDING" ? RunState.Waiting : RunState.Running)
                { Detail = $"{task.Id} {task.State}{(task.Reason is "None" ? "" : $" ({task.Reason})")}" });
            else if (run.IsComplete())
                result.Add(new RunStatus(run, RunState.Done) { ExitCode = task?.ExitCode, Detail = task is null ? null : $"{task.Id} {task.State}" });
            else if (task is not null)
                result.Add(new RunStatus(run, RunState.Failed)
                {
                    ExitCode = task.ExitCode,
                    Detail = $"{task.Id} {task.State}{(task.Reason is "None" ? "" : $" ({task.Reason})")}" +
                             (task.ExitCode is int c && c != 0 ? $", exit code {c}" : ""),
                });
            else
                result.Add(new RunStatus(run, RunState.Failed)
                {
                    Detail = latest is not { } lt ? "not submitted"
                        : known.TryGetValue(lt.JobId, out var array) && array is not null
                            ? $"{id} CANCELLED (removed from its array while pending)" // Slurm 22.05 keeps no record of such a task
                            : $"{id}: unknown to Slurm (ended long ago) and unfinished",
                });
        }
        return result;
    }

    /// <summary>Cancels the queued and running tasks of <paramref name="runs"/>.</summary>
    public void Cancel(IReadOnlyList<PlannedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var journal = SlurmJournal.Open(StudyDirectory);
        var known = new Dictionary<string, IReadOnlyList<SlurmTask>?>(StringComparer.Ordinal);
        _client.Cancel(runs.Select(r => ActiveTask(journal, r.Directory, known)).OfType<SlurmTask>().Select(t => t.Id).ToArray());
    }

    /// <summary>
    /// The batch script of one job array: task i runs line i + 1 of <paramref name="runList"/> with the thread count its
    /// spec records (from <see cref="SlurmOptions.Cpus"/> unless the spec or an earlier execution of the study set it).
    /// </summary>
    public static string JobScript(WorkerCommand command, string runList)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append("# Written by rewind: task i of the array runs line i+1 of the run list; its output goes to the run's log.txt.\n");
        sb.Append("set -u\n");
        sb.Append("DIR=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ").Append(Quote(runList)).Append(")\n");
        sb.Append("[ -n \"$DIR\" ] || { echo \"rewind: no run for task $SLURM_ARRAY_TASK_ID in ").Append(runList).Append("\" >&2; exit 2; }\n");
        sb.Append("exec >>\"$DIR/").Append(RunFailure.LogFileName).Append("\" 2>&1\n");
        sb.Append("echo \"== rewind: Slurm task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n");
        sb.Append("exec ").Append(Quote(command.FileName));
        foreach (var a in command.ArgumentsFor("DIR-PLACEHOLDER", 0, stopWhenInputCloses: false))
            sb.Append(' ').Append(a == Path.GetFullPath("DIR-PLACEHOLDER") ? "\"$DIR\"" : Quote(a));
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>The runs in dependency stages: stage 0 depends on none of them, stage k on some of stage k − 1 and earlier.</summary>
    public static IReadOnlyList<IReadOnlyList<PlannedRun>> Stages(IReadOnlyList<PlannedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = StudyRunner.Ordered(runs);
        var stageOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var run in ordered)
            stageOf[Path.GetFullPath(run.Directory)] = run.DependsOn.Select(d => stageOf.TryGetValue(Path.GetFullPath(d), out int s) ? s + 1 : 0)
                .DefaultIfEmpty(0).Max();
        return ordered.GroupBy(r => stageOf[Path.GetFullPath(r.Directory)]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<PlannedRun>)g.ToList()).ToList();
    }

    private SlurmTask? ActiveTask(SlurmJournal journal, string runDirectory, Dictionary<string, IReadOnlyList<SlurmTask>?> known) =>
        journal.LatestTask(runDirectory) is { } l && Lookup(l.JobId, l.Task, known) is { IsActive: true } task ? task : null;

    private SlurmTask? Lookup(string jobId, int index, Dictionary<string, IReadOnlyList<SlurmTask>?> known)
    {
        if (!known.TryGetValue(jobId, out var tasks)) known[jobId] = tasks = _client.Tasks(jobId);
        return tasks?.FirstOrDefault(t => t.TaskId == index);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
