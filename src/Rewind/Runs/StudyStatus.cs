namespace Rewind.Runs;

/// <summary>
/// <c>rewind status DIR</c>: where every run of a study folder stands — levels done from its directory and, for a study
/// submitted to Slurm, the state, reason and exit code of its latest task — without changing anything.
/// </summary>
public static class StudyStatus
{
    /// <summary>One run's line.</summary>
    /// <param name="Run">The planned run.</param>
    /// <param name="Progress">What its directory holds.</param>
    /// <param name="Scheduler">Its latest Slurm task's state, when the study was submitted to Slurm.</param>
    public sealed record Line(PlannedRun Run, RunProgress Progress, RunStatus? Scheduler);

    /// <summary>The runs of <paramref name="study"/> in <paramref name="directory"/> known now, in plan order.</summary>
    /// <param name="study">The study the folder's <c>study.yaml</c> names.</param>
    /// <param name="directory">The study folder.</param>
    /// <param name="slurm">Runs the Slurm commands (default: this machine's); asked only when the folder records submissions.</param>
    public static IReadOnlyList<Line> Read(Study study, string directory, ICommandRunner? slurm = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        var definition = StudyDefinition.Load(directory)
                         ?? throw new RewindUserException($"{directory}: no {StudyDefinition.FileName}, so it is not a study folder; give the folder a study command wrote.");
        var context = StudyRunner.Context(study, definition, directory);
        var plan = study.Plan(context);
        IReadOnlyList<RunStatus>? scheduler = SlurmJournal.Open(directory).Jobs.Count > 0
            ? new SlurmExecutor(directory, new SlurmOptions(), new WorkerCommand("dotnet", []), slurm).Status(plan)
            : null;
        return plan.Select((run, i) => new Line(run, RunProgress.Of(run), scheduler?[i])).ToList();
    }
}
