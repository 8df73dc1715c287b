using System.Text.Json.Serialization;

namespace Rewind.Core;

/// <summary>
/// The outcome of one pruning level; one row of a run's <c>metrics.csv</c> and the content of
/// <c>levels/NN/summary.json</c> (whose existence marks the level as done). Accuracies and density are fractions.
/// The trailing members default for files written before they existed: validation metrics and the early-stop test
/// accuracy are NaN without a validation set (<c>data.validation</c> = 0).
/// </summary>
/// <param name="Level">The level (0 = dense).</param>
/// <param name="Density">Fraction of prunable weights remaining.</param>
/// <param name="RemainingWeights">Unpruned prunable weights.</param>
/// <param name="PrunableWeights">All prunable weights.</param>
/// <param name="TestAccuracy">Test accuracy at the end of the level.</param>
/// <param name="TestLoss">Test loss at the end of the level.</param>
/// <param name="TrainLoss">Mean training loss of the last epoch.</param>
/// <param name="TrainAccuracy">Training accuracy of the last epoch.</param>
/// <param name="BestTestAccuracy">Highest test accuracy seen at an epoch boundary of the level.</param>
/// <param name="Epochs">Epoch boundaries evaluated.</param>
/// <param name="Steps">Optimizer steps of the level.</param>
/// <param name="Seconds">Wall-clock training time of the level.</param>
/// <param name="ValidationAccuracy">Validation accuracy at the end of the level.</param>
/// <param name="ValidationLoss">Validation loss at the end of the level.</param>
/// <param name="BestValidationAccuracy">Highest validation accuracy seen at an epoch boundary of the level.</param>
/// <param name="EarlyStopTestAccuracy">
/// Paper B's "early-stop test accuracy": the test accuracy at the first epoch boundary with the best validation accuracy.
/// </param>
/// <param name="EarlyStopEpoch">The epoch (1-based, within the level) <paramref name="EarlyStopTestAccuracy"/> comes from; 0 without validation.</param>
/// <param name="PeakLearningRate">The level's peak learning rate (the peak schedule's choice, Paper B's max_lr).</param>
/// <param name="DivergedAtStep">
/// Set when training diverged (a non-finite loss) at this step of the level and the spec asked to record it
/// (<c>training.on_divergence: record</c>): the level's end state is then its last finite epoch boundary.
/// </param>
/// <param name="DivergedLearningRate">The learning rate at <paramref name="DivergedAtStep"/>.</param>
public sealed record LevelSummary(
    int Level,
    double Density,
    long RemainingWeights,
    long PrunableWeights,
    double TestAccuracy,
    double TestLoss,
    double TrainLoss,
    double TrainAccuracy,
    double BestTestAccuracy,
    int Epochs,
    long Steps,
    double Seconds,
    double ValidationAccuracy = double.NaN,
    double ValidationLoss = double.NaN,
    double BestValidationAccuracy = double.NaN,
    double EarlyStopTestAccuracy = double.NaN,
    int EarlyStopEpoch = 0,
    double PeakLearningRate = double.NaN,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DivergedAtStep = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DivergedLearningRate = null)
{
    /// <summary>True when training diverged in this level (see <see cref="DivergedAtStep"/>).</summary>
    [JsonIgnore]
    public bool Diverged => DivergedAtStep is not null;

    /// <summary>
    /// The summary of a trained level: the last epoch's metrics, the best test and validation accuracies, and Paper B's
    /// early-stop test accuracy, the test accuracy at the first epoch with the best validation accuracy (NaN without a
    /// validation set). An empty history (a level that diverged before its first epoch ended) gives NaN metrics.
    /// </summary>
    public static LevelSummary Of(int level, double density, long remaining, long prunable, IReadOnlyList<EpochMetrics> history, double peak)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) // a level that diverged in its first epoch: nothing was evaluated
            return new LevelSummary(level, density, remaining, prunable, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                0, 0, 0, PeakLearningRate: peak);
        var last = history[^1];
        EpochMetrics? earlyStop = null;
        foreach (var h in history)
            if (!double.IsNaN(h.ValidationAccuracy) && (earlyStop is null || h.ValidationAccuracy > earlyStop.ValidationAccuracy))
                earlyStop = h;
        return new LevelSummary(
            level, density, remaining, prunable,
            last.TestAccuracy, last.TestLoss, last.TrainLoss, last.TrainAccuracy,
            history.Max(h => h.TestAccuracy), history.Count, last.Step, history.Sum(h => h.Seconds),
            ValidationAccuracy: last.ValidationAccuracy,
            ValidationLoss: last.ValidationLoss,
            BestValidationAccuracy: earlyStop?.ValidationAccuracy ?? double.NaN,
            EarlyStopTestAccuracy: earlyStop?.TestAccuracy ?? double.NaN,
            EarlyStopEpoch: earlyStop?.Epoch ?? 0,
            PeakLearningRate: peak);
    }
}
