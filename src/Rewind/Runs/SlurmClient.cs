using System.Globalization;
using System.Text.RegularExpressions;

namespace Rewind.Runs;

/// <summary>
/// The Slurm commands a study needs, as Slurm 22.05 answers them (docs/guide/executors.md): <c>sbatch --parsable
/// --array=0-N[%K] --kill-on-invalid-dep=yes</c> to submit, <c>scontrol -o show job ID</c> for every task's state,
/// reason and exit code (<c>ExitCode=3:0</c> is code:signal; <c>sacct --json</c> of 22.05 reports 0 for failed jobs),
/// <c>scancel</c> to cancel. The client commands need <c>SLURM_CONF</c> where the cluster's configuration is not in its
/// default place.
/// </summary>
/// <param name="runner">Runs the commands (default: this machine's).</param>
public sealed partial class SlurmClient(ICommandRunner? runner = null)
{
    private readonly ICommandRunner _runner = runner ?? new SystemCommandRunner();

    /// <summary>
    /// Submits <paramref name="script"/> as an array of <paramref name="tasks"/> tasks and returns the job id; the tasks
    /// start only once every job of <paramref name="afterOk"/> has completed successfully, and are cancelled if one fails.
    /// </summary>
    public string SubmitArray(string script, int tasks, SlurmOptions options, string jobName, string outputPattern, IReadOnlyCollection<string> afterOk)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(afterOk);
        var args = SubmitArguments(script, tasks, options, jobName, outputPattern, afterOk);
        var result = _runner.Run("sbatch", args);
        var id = result.Output.Trim().Split(';')[0];
        if (result.ExitCode != 0 || !JobId().IsMatch(id))
            throw new RewindUserException(
                $"sbatch refused the study's job array (exit code {result.ExitCode}): {(result.Error + result.Output).Trim()} " +
                "Check --partition, --time, --mem, --gpus and the --sbatch arguments against the cluster's limits (sinfo shows the partitions).");
        return id;
    }

    /// <summary>The arguments of <c>sbatch</c> for an array of <paramref name="tasks"/> tasks (pure; tested).</summary>
    public static IReadOnlyList<string> SubmitArguments(string script, int tasks, SlurmOptions options, string jobName, string outputPattern,
        IReadOnlyCollection<string> afterOk)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(afterOk);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        var args = new List<string>
        {
            "--parsable",
            string.Create(CultureInfo.InvariantCulture, $"--array=0-{tasks - 1}{(options.ArrayLimit is int k ? $"%{k}" : "")}"),
            "--kill-on-invalid-dep=yes",
            "--job-name=" + jobName,
            "--output=" + outputPattern,
            string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={options.Cpus}"),
        };
        if (options.Partition is not null) args.Add("--partition=" + options.Partition);
        if (options.Time is not null) args.Add("--time=" + options.Time);
        if (options.Memory is not null) args.Add("--mem=" + options.Memory);
        if (options.Gpus is not null) args.Add("--gpus=" + options.Gpus);
        if (afterOk.Count > 0) args.Add("--dependency=afterok:" + string.Join(":", afterOk));
        args.AddRange(options.ExtraArguments);
        args.Add(script);
        return args;
    }

    /// <summary>Every task of array job <paramref name="jobId"/>, or null when Slurm no longer knows the job (it ended long ago).</summary>
    public IReadOnlyList<SlurmTask>? Tasks(string jobId)
    {
        var result = _runner.Run("scontrol", ["-o", "show", "job", jobId]);
        if (result.ExitCode != 0)
        {
            if ((result.Error + result.Output).Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return null;
            throw new RewindUserException($"scontrol show job {jobId} failed (exit code {result.ExitCode}): {(result.Error + result.Output).Trim()}");
        }
        return ParseShowJob(result.Output);
    }

    /// <summary>Cancels the given jobs or tasks (<c>ARRAY_TASK</c> ids cancel one task).</summary>
    public void Cancel(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        var result = _runner.Run("scancel", ids.ToList());
        if (result.ExitCode != 0) throw new RewindUserException($"scancel {string.Join(" ", ids)} failed: {(result.Error + result.Output).Trim()}");
    }

    /// <summary>
    /// The tasks in the output of <c>scontrol -o show job</c>: one line per task, or one line for the not yet split
    /// pending tasks of an array (<c>ArrayTaskId=0-3%2</c>, expanded here).
    /// </summary>
    public static IReadOnlyList<SlurmTask> ParseShowJob(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tasks = new List<SlurmTask>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string? Field(string name)
            {
                var m = Regex.Match(line, $@"(?:^|\s){name}=(\S*)");
                return m.Success ? m.Groups[1].Value : null;
            }
            var jobId = Field("JobId");
            if (jobId is null) continue;
            var array = Field("ArrayJobId") ?? jobId;
            var state = Field("JobState") ?? "UNKNOWN";
            var reason = Field("Reason") ?? "None";
            int? exit = ParseExitCode(Field("ExitCode"));
            bool ended = state is not ("PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED");
            foreach (int id in ParseTaskIds(Field("ArrayTaskId") ?? "0"))
                tasks.Add(new SlurmTask(array, id, state, reason, ended ? exit : null));
        }
        return tasks;
    }

    /// <summary>The task indices of <c>ArrayTaskId</c>: <c>3</c>, <c>0-3</c>, <c>1,4-5</c>, with an optional throttle <c>%K</c>.</summary>
    public static IReadOnlyList<int> ParseTaskIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var body = text.Split('%')[0];
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split(':')[0].Split('-');
            int from = int.Parse(range[0], CultureInfo.InvariantCulture);
            int to = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : from;
            for (int i = from; i <= to; i++) ids.Add(i);
        }
        return ids;
    }

    /// <summary>The exit code of <c>ExitCode=CODE:SIGNAL</c> (a task killed by signal S reports 128 + S), or null.</summary>
    public static int? ParseExitCode(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(':');
        if (!int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int code)) return null;
        return parts.Length > 1 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int signal) && signal > 0 ? 128 + signal : code;
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex JobId();
}
