using System.CommandLine;
using Rewind.Experiments;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind experiment NAME …</c>: the papers' studies, one subcommand per entry of the study catalog.</summary>
public static class ExperimentCommand
{
    /// <summary>Builds the verb group.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("experiment", "The papers' experiments as resumable studies with a report (see the subcommands).");
        foreach (var study in StudyCatalog.All.Where(s => s.Name != CompareStudy.StudyName)) cmd.Add(StudyCommand.Create(output, study));
        return cmd;
    }
}
