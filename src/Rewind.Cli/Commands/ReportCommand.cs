using System.CommandLine;
using Rewind.Experiments;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind report DIR</c>: rebuilds report.md, metrics.csv and plots of a run or study from stored metrics.</summary>
public static class ReportCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A run folder or a study folder." };
        var cmd = new Command("report", "Rebuild the report and plots of a run or study from its stored metrics.") { dirArg };
        cmd.SetAction(p =>
        {
            var report = StudyCatalog.RebuildReport(p.GetValue(dirArg)!);
            output.WriteLine($"Report: {report.Path}");
            if (report.Note is { } note) output.WriteLine(note);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
