using System.CommandLine;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind experiment &lt;name&gt;</c>: the papers' studies, each a list of resumable runs plus a report.</summary>
public static class ExperimentCommand
{
    /// <summary>Builds the verb group.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("experiment", "Run one of the papers' studies (resumable: rerun the same command to continue).");
        foreach (var sub in SiloExperiments.Create(output)) cmd.Add(sub);
        return cmd;
    }
}
