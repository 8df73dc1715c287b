using Rewind.Training;
using Spectre.Console;

namespace Rewind.Cli.Console;

/// <summary>
/// Runs work with a live Spectre.Console progress display on a terminal, or plain one-line-per-epoch output when
/// stdout is redirected (CI logs, files).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>True when output goes to an interactive terminal.</summary>
    public static bool Interactive(TextWriter output) =>
        ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected &&
        Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>Runs <paramref name="work"/>, giving it a factory of observers (one per run; label shown).</summary>
    public static T Run<T>(TextWriter output, Func<Func<string, ITrainingObserver>, T> work)
    {
        if (!Interactive(output))
            return work(label => new PlainObserver(output, label));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => { result = work(label => new SpectreObserver(ctx, label)); });
        return result;
    }
}
