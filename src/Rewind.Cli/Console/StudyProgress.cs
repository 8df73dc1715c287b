using Rewind.Experiments;
using Rewind.Training;

namespace Rewind.Cli.Console;

/// <summary>
/// How every study command runs: say where the study folder is, run its runs under one progress display (each
/// labelled "i/n label sSEED"), then say where the report is.
/// </summary>
public static class StudyProgress
{
    /// <summary>
    /// Runs <paramref name="work"/>, which receives the observer factory for planned runs and, for studies that
    /// also train outside planned runs, the plain label-based factory.
    /// </summary>
    public static int Run(TextWriter output, string outDir,
        Action<Func<PlannedRun, int, int, ITrainingObserver>, Func<string, ITrainingObserver>> work)
    {
        output.WriteLine($"Study folder: {Path.GetFullPath(outDir)}");
        ProgressDisplay.Run(output, observerFor =>
        {
            work((run, i, n) => observerFor($"{i + 1}/{n} {run.Label} s{run.Seed}"), observerFor);
            return 0;
        });
        output.WriteLine($"Report: {Path.GetFullPath(Path.Combine(outDir, "report.md"))}");
        return ExitCodes.Ok;
    }
}
