using System.CommandLine;
using Rewind.Experiments;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind collect DIR</c>: the study's report from the runs that have finished so far (no training).</summary>
public static class CollectCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A study folder." };
        var cmd = new Command("collect", "Write a study's report from the runs that have finished (e.g. after Slurm jobs ended).") { dirArg };
        cmd.SetAction(p =>
        {
            var dir = p.GetValue(dirArg)!;
            var definition = StudyDefinition.Load(dir)
                             ?? throw new RewindUserException($"{dir}: no {StudyDefinition.FileName}, so it is not a study folder; give the folder a study command wrote.");
            var lines = StudyStatus.Read(StudyCatalog.Find(definition.Study), dir);
            int done = lines.Count(l => l.Progress.IsComplete);
            output.WriteLine($"{done} of {lines.Count} runs finished{(done < lines.Count ? "; the report covers the levels finished so far" : "")}.");
            output.WriteLine($"Report: {StudyCatalog.RebuildReport(dir)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
