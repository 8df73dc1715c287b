using System.Globalization;
using Rewind.Runs;
using Spectre.Console;

namespace Rewind.Cli.Console;

/// <summary>
/// The one progress display of a study whose runs execute elsewhere (worker processes, Slurm tasks): a row per run in
/// plan order — waiting, running with its level and epoch, done, failed or blocked — refreshed from the run directories
/// (<see cref="RunProgress"/>), so it shows the same whichever executor runs them and in whatever order they finish.
/// On a terminal it is a Spectre.Console progress display; otherwise one line per change of state or finished level.
/// </summary>
public sealed class StudyBoard : IDisposable
{
    private readonly object _gate = new();
    private readonly TextWriter _output;
    private readonly ProgressContext? _context;
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly List<Row> _order = [];
    private readonly Timer _timer;

    private sealed class Row(PlannedRun run)
    {
        public PlannedRun Run { get; } = run;
        public RunState State { get; set; } = RunState.Waiting;
        public string? Detail { get; set; }
        public int? ExitCode { get; set; }
        public int LevelsDone { get; set; } = -1;
        public ProgressTask? Task { get; set; }
    }

    /// <summary>A board writing plain lines to <paramref name="output"/>, or rows into a live Spectre <paramref name="context"/>.</summary>
    public StudyBoard(TextWriter output, ProgressContext? context)
    {
        _output = output;
        _context = context;
        _timer = new Timer(_ => Refresh(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Takes a run's new state (from the executor).</summary>
    public void Update(RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            var key = Path.GetFullPath(status.Run.Directory);
            if (!_rows.TryGetValue(key, out var row))
            {
                _rows[key] = row = new Row(status.Run);
                _order.Add(row);
                if (_context is not null) row.Task = _context.AddTask(Markup.Escape(Label(row)), autoStart: false, maxValue: 1000);
            }
            bool changed = row.State != status.State;
            (row.State, row.Detail, row.ExitCode) = (status.State, status.Detail, status.ExitCode);
            Show(row, changed);
        }
    }

    /// <summary>Rereads the progress of the running runs from their directories.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            foreach (var row in _order.Where(r => r.State == RunState.Running)) Show(row, stateChanged: false);
        }
    }

    private void Show(Row row, bool stateChanged)
    {
        RunProgress progress;
        try
        {
            progress = RunProgress.Of(row.Run);
        }
        catch (IOException)
        {
            return; // a file in the middle of being replaced: next time
        }
        catch (RewindUserException)
        {
            return;
        }
        var text = Describe(row, progress);
        if (row.Task is { } task)
        {
            if (row.State == RunState.Running && !task.IsStarted) task.StartTask();
            task.Value = progress.Fraction * 1000;
            task.Description = Markup.Escape(text);
            if (row.State is RunState.Done or RunState.Failed or RunState.Blocked) task.StopTask();
        }
        else if (stateChanged || (row.State == RunState.Running && !progress.IsComplete && progress.LevelsDone != row.LevelsDone && row.LevelsDone >= 0))
        {
            _output.WriteLine(text);
        }
        row.LevelsDone = progress.LevelsDone;
    }

    private static string Label(Row row) => $"{row.Run.Label} s{row.Run.Seed.ToString(CultureInfo.InvariantCulture)}";

    private static string Describe(Row row, RunProgress p) => $"[{Label(row)}] " + row.State switch
    {
        RunState.Waiting => "waiting" + (row.Detail is { } d ? $" ({d})" : ""),
        RunState.Running => string.Create(CultureInfo.InvariantCulture,
            $"running: level {p.Level}/{p.Levels - 1}, {p.LevelsDone} done, epoch {p.EpochsDone}{(p.EpochsPerLevel is int e ? $"/{e}" : "")}"),
        RunState.Done => string.Create(CultureInfo.InvariantCulture, $"done ({p.Levels} levels)"),
        RunState.Failed => "FAILED" + (row.Detail is { } d ? $": {d}" : "") + $"; see {Path.Combine(row.Run.Directory, RunFailure.LogFileName)}",
        _ => "not started" + (row.Detail is { } d ? $": {d}" : ""),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            foreach (var row in _order) row.Task?.StopTask();
        }
    }
}
