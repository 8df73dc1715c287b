using Rewind.Runs;
using Rewind.Training;

namespace Rewind.Cli.Console;

/// <summary>
/// How every study command runs: say where the study folder is, run its runs under one progress display (each
/// labelled "i/n label sSEED"), then say where the report is.
/// </summary>
public static class StudyProgress
{
    /// <summary>Runs <paramref name="study"/> as <paramref name="definition"/> in <paramref name="outDir"/> with progress display.</summary>
    public static int Run(TextWriter output, Study study, StudyDefinition definition, string outDir)
    {
        output.WriteLine($"Study folder: {Path.GetFullPath(outDir)}");
        var outcome = ProgressDisplay.Run(output, observerFor =>
            StudyRunner.Run(study, definition, outDir,
                new InProcessExecutor((run, i, n) => observerFor($"{i + 1}/{n} {run.Label} s{run.Seed}")),
                new LineMessages(output)));
        output.WriteLine($"Report: {outcome.ReportPath}");
        return ExitCodes.Ok;
    }

    /// <summary>Prints lines as they come, on the calling thread (Progress&lt;T&gt; would reorder them).</summary>
    private sealed class LineMessages(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
