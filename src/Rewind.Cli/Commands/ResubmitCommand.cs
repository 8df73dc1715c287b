using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind resubmit DIR</c>: submits again the unfinished runs of a Slurm study that have no queued or running task.</summary>
public static class ResubmitCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A study folder submitted with --executor slurm." };
        var execution = new ExecutorOptions();
        var cmd = new Command("resubmit",
            "Submit again the failed, cancelled or never started runs of a Slurm study (same options as its last submission unless given).") { dirArg };
        foreach (var o in execution.Slurm()) cmd.Add(o);
        cmd.SetAction(p =>
        {
            var dir = p.GetValue(dirArg)!;
            var definition = StudyDefinition.Load(dir)
                             ?? throw new RewindUserException($"{dir}: no {StudyDefinition.FileName}, so it is not a study folder; give the folder a study command wrote.");
            var jobs = SlurmJournal.Open(dir).Jobs;
            var options = execution.GivenSlurmOptions(p) ?? (jobs.Count > 0 ? jobs[^1].Options : new SlurmOptions());
            var submission = StudyRunner.Resubmit(StudyCatalog.Find(definition.Study), dir, new SlurmExecutor(dir, options), new Progress<string>(output.WriteLine));
            StudyProgress.PrintSubmission(output, submission, dir);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
