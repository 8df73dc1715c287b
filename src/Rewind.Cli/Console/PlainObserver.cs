using System.Globalization;
using Rewind.Pruning;
using Rewind.Training;

namespace Rewind.Cli.Console;

/// <summary>One line per epoch and per level: readable in CI logs and files.</summary>
public sealed class PlainObserver(TextWriter output, string label) : ITrainingObserver
{
    private long _totalSteps;

    /// <inheritdoc/>
    public void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch)
    {
        _totalSteps = totalSteps;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{label}] level {level}: density {density * 100:0.###}%, {totalSteps} steps{(startStep > 0 ? $", resuming at {startStep}" : "")}"));
    }

    /// <inheritdoc/>
    public void OnEpochEnd(EpochMetrics m) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{label}] level {m.Level} epoch {m.Epoch} step {m.Step}/{_totalSteps} lr {m.LearningRate:0.#####} " +
        $"train loss {m.TrainLoss:0.0000} acc {m.TrainAccuracy * 100:0.00}% | test loss {m.TestLoss:0.0000} acc {m.TestAccuracy * 100:0.00}% ({m.Seconds:0.0} s)"));

    /// <inheritdoc/>
    public void OnLevelEnd(LevelSummary s) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{label}] level {s.Level} done: {s.RemainingWeights}/{s.PrunableWeights} weights, test accuracy {s.TestAccuracy * 100:0.00}%"));

    /// <inheritdoc/>
    public void OnMessage(string message) => output.WriteLine($"[{label}] {message}");
}
