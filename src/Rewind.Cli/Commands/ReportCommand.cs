using System.CommandLine;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Reporting;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind report DIR</c>: rebuilds report.md, metrics.csv and plots from stored metrics.</summary>
public static class ReportCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dirArg = new Argument<string>("DIR") { Description = "A run folder or a study folder." };
        var cmd = new Command("report", "Rebuild the report and plots of a run or study from its stored metrics.") { dirArg };
        cmd.SetAction(p =>
        {
            var dir = p.GetValue(dirArg)!;
            if (File.Exists(Path.Combine(dir, StudyRunner.StudyFile)))
            {
                if (!Rewind.Experiments.Silo.SiloStudy.TryRebuildReport(dir)) // a SILO study rebuilds its own sections too
                    StudyRunner.WriteReport(dir);
            }
            else
            {
                var run = RunDirectory.Open(dir);
                var levels = run.CompletedLevels();
                if (levels.Count == 0) throw new RewindUserException($"{dir}: no finished level yet; nothing to report.");
                var epochs = Enumerable.Range(0, levels.Count).SelectMany(l => EpochMetricsJsonl.Read(run.EpochMetricsPath(l))).ToList();
                RunReports.Write(run, levels, epochs);
            }
            output.WriteLine($"Report: {Path.GetFullPath(Path.Combine(dir, "report.md"))}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
