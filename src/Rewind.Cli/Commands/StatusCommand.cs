using System.CommandLine;
using System.Globalization;
using Rewind.Experiments;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind status DIR</c>: per run of a study, its levels done and (on Slurm) its task's state, reason and exit code.</summary>
public static class StatusCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A study folder." };
        var cmd = new Command("status", "Show where each run of a study stands (levels done; the Slurm task's state and reason).") { dirArg };
        cmd.SetAction(p =>
        {
            var dir = p.GetValue(dirArg)!;
            var definition = StudyDefinition.Load(dir)
                             ?? throw new RewindUserException($"{dir}: no {StudyDefinition.FileName}, so it is not a study folder; give the folder a study command wrote.");
            var lines = StudyStatus.Read(StudyCatalog.Find(definition.Study), dir);
            int done = lines.Count(l => l.Progress.IsComplete);
            output.WriteLine($"{definition.Study} study in {Path.GetFullPath(dir)}: {done} of {lines.Count} runs finished.");
            foreach (var l in lines)
            {
                var name = Path.GetRelativePath(Path.GetFullPath(dir), l.Run.Directory);
                var levels = string.Create(CultureInfo.InvariantCulture, $"{l.Progress.LevelsDone}/{l.Progress.Levels} levels");
                var state = l.Progress.IsComplete ? "done"
                    : l.Progress.LevelsDone > 0 || l.Progress.EpochsDone > 0 ? string.Create(CultureInfo.InvariantCulture, $"at level {l.Progress.Level}, epoch {l.Progress.EpochsDone}")
                    : "not started";
                var slurm = l.Scheduler is { } s ? $"  [{s.State.ToString().ToLowerInvariant()}: {s.Detail}]" : "";
                output.WriteLine($"  {name,-32} {levels,-12} {state}{slurm}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
