using System.CommandLine;
using Rewind.Pruning;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind repair DIR</c>: makes a damaged run resumable (<see cref="RunRepair"/>) and says what it did.</summary>
public static class RepairCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A run folder." };
        var cmd = new Command("repair",
            "Make a damaged run resumable: restore its spec.yaml from its checkpoints, drop the first damaged level and every " +
            "later one (resume trains them again, identically), remove leftover temporary files.") { dirArg };
        cmd.SetAction(p =>
        {
            var result = RunRepair.Repair(p.GetValue(dirArg)!);
            if (result.Actions.Count == 0)
            {
                output.WriteLine($"{result.Root}: every file checks out; nothing to repair.");
            }
            else
            {
                foreach (var action in result.Actions) output.WriteLine("- " + action);
                output.WriteLine($"Continue with `rewind run --resume {result.Root}`.");
            }
            if (result.Unchecked is { } note) output.WriteLine(note);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
