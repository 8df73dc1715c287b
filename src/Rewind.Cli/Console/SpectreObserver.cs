using System.Globalization;
using Rewind.Pruning;
using Rewind.Training;
using Spectre.Console;

namespace Rewind.Cli.Console;

/// <summary>A progress bar per level with the latest test accuracy; ETA from Spectre's remaining-time column.</summary>
public sealed class SpectreObserver(ProgressContext context, string label) : ITrainingObserver
{
    private ProgressTask? _task;
    private int _level;
    private double _density;
    private string _accuracy = "";

    /// <inheritdoc/>
    public void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch)
    {
        (_level, _density, _accuracy) = (level, density, "");
        _task = context.AddTask(Describe(), maxValue: totalSteps);
        _task.Value = startStep;
    }

    /// <inheritdoc/>
    public void OnStep(int level, long step, double learningRate)
    {
        if (_task is not null) _task.Value = step;
    }

    /// <inheritdoc/>
    public void OnEpochEnd(EpochMetrics m)
    {
        _accuracy = string.Create(CultureInfo.InvariantCulture, $" epoch {m.Epoch} test {m.TestAccuracy * 100:0.00}%");
        if (_task is not null) _task.Description = Describe();
    }

    /// <inheritdoc/>
    public void OnLevelEnd(LevelSummary summary) => _task?.StopTask();

    /// <inheritdoc/>
    public void OnMessage(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"[{label}] {message}")}[/]");

    private string Describe() => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{label} L{_level} {_density * 100:0.#}%{_accuracy}"));
}
