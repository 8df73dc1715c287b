using System.Globalization;
using System.Text;
using Rewind.Data.Download;
using Spectre.Console;

namespace Rewind.Cli.Console;

/// <summary>
/// Shows download progress: on a terminal a Spectre.Console bar per file (size, speed, time left), with the
/// library's log lines printed above the bars; when output is redirected one line per 10 % of each file.
/// </summary>
public static class DownloadDisplay
{
    /// <summary>Runs <paramref name="work"/>, giving it a progress sink and a log writer suited to <paramref name="output"/>.</summary>
    public static T Run<T>(TextWriter output, Func<IProgress<DownloadProgress>, TextWriter, T> work)
    {
        if (!ProgressDisplay.Interactive(output))
            return work(new PlainProgress(output), output);
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Callback(p =>
                {
                    if (!tasks.TryGetValue(p.File, out var task))
                    {
                        task = ctx.AddTask(Markup.Escape(p.File), maxValue: Math.Max(1, p.Total ?? p.Received));
                        tasks[p.File] = task;
                    }
                    task.MaxValue = Math.Max(1, p.Total ?? Math.Max(task.MaxValue, p.Received));
                    task.Value = p.Received;
                });
                using var log = new ConsoleLines();
                result = work(progress, log);
            });
        return result;
    }

    /// <summary>A synchronous <see cref="IProgress{T}"/> (the BCL's <c>Progress&lt;T&gt;</c> reports later, on the thread pool).</summary>
    private sealed class Callback(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }

    /// <summary>One line per tenth of each file (or per 10 MB when the size is unknown).</summary>
    private sealed class PlainProgress(TextWriter output) : IProgress<DownloadProgress>
    {
        private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);

        public void Report(DownloadProgress p)
        {
            long step = p.Fraction is { } f ? (long)Math.Floor(f * 10) : p.Received / 10_000_000;
            if (_last.TryGetValue(p.File, out long last) && step <= last) return;
            _last[p.File] = step;
            string of = p.Total is long t ? string.Create(CultureInfo.InvariantCulture, $" of {t / 1e6:0.0}") : "";
            string percent = p.Fraction is { } g ? string.Create(CultureInfo.InvariantCulture, $"{g * 100:0}% ") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.File}: {percent}({p.Received / 1e6:0.0}{of} MB)"));
        }
    }

    /// <summary>A writer whose complete lines are printed above Spectre's live progress display.</summary>
    private sealed class ConsoleLines : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                AnsiConsole.WriteLine(_line.ToString());
                _line.Clear();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _line.Length > 0) AnsiConsole.WriteLine(_line.ToString());
            _line.Clear();
            base.Dispose(disposing);
        }
    }
}
