using System.Text.Json;
using Rewind.Storage;

namespace Rewind.Runs;

/// <summary>
/// The record of a study's Slurm submissions in its folder (<c>slurm/jobs.json</c>): each job array with its stage and
/// its run directories in task order, so <c>rewind status</c> and <c>rewind resubmit</c> find every run's latest task
/// after the submitting process is gone. Run directories are stored relative to the study folder.
/// </summary>
public sealed class SlurmJournal
{
    /// <summary>The folder inside a study folder that holds the journal, the job scripts and Slurm's own output files.</summary>
    public const string FolderName = "slurm";

    private readonly string _studyDirectory;
    private readonly List<SlurmArrayJob> _jobs;

    private SlurmJournal(string studyDirectory, List<SlurmArrayJob> jobs)
    {
        _studyDirectory = studyDirectory;
        _jobs = jobs;
    }

    /// <summary>The journal's folder.</summary>
    public string Folder => Path.Combine(_studyDirectory, FolderName);

    /// <summary>Every job array submitted for the study, oldest first.</summary>
    public IReadOnlyList<SlurmArrayJob> Jobs => _jobs;

    private string FilePath => Path.Combine(Folder, "jobs.json");

    /// <summary>Reads the journal of the study in <paramref name="studyDirectory"/> (empty when nothing was submitted).</summary>
    public static SlurmJournal Open(string studyDirectory)
    {
        var full = Path.GetFullPath(studyDirectory);
        var path = Path.Combine(full, FolderName, "jobs.json");
        if (!File.Exists(path)) return new SlurmJournal(full, []);
        try
        {
            return new SlurmJournal(full, JsonSerializer.Deserialize<List<SlurmArrayJob>>(File.ReadAllText(path), Json.Options) ?? []);
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable record of Slurm jobs ({e.Message}); delete it to submit the unfinished runs afresh.", e);
        }
    }

    /// <summary>Records a submitted array (written at once, atomically).</summary>
    public void Add(SlurmArrayJob job)
    {
        _jobs.Add(job);
        AtomicFile.WriteAllText(FilePath, JsonSerializer.Serialize(_jobs, Json.Options));
    }

    /// <summary>The path of a run directory as the journal stores it.</summary>
    public string Relative(string runDirectory) => Path.GetRelativePath(_studyDirectory, Path.GetFullPath(runDirectory));

    /// <summary>The latest task submitted for <paramref name="runDirectory"/>: its array's job id and its index, or null.</summary>
    public (string JobId, int Task)? LatestTask(string runDirectory)
    {
        var rel = Relative(runDirectory);
        for (int j = _jobs.Count - 1; j >= 0; j--)
        {
            int i = _jobs[j].Runs.ToList().IndexOf(rel);
            if (i >= 0) return (_jobs[j].JobId, i);
        }
        return null;
    }
}

/// <summary>One submitted job array of a study.</summary>
/// <param name="JobId">The array's job id.</param>
/// <param name="Stage">Its dependency stage within the submission (0: depends on no run of the submission).</param>
/// <param name="Runs">Run directories relative to the study folder, task 0 first.</param>
/// <param name="Script">The job script, relative to the study folder.</param>
/// <param name="SubmittedUtc">When it was submitted (ISO 8601, UTC).</param>
/// <param name="Options">The options it was submitted with (<c>rewind resubmit</c> reuses them).</param>
public sealed record SlurmArrayJob(string JobId, int Stage, IReadOnlyList<string> Runs, string Script, string SubmittedUtc, SlurmOptions Options);
