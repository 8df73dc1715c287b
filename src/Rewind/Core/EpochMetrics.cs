namespace Rewind.Core;

/// <summary>
/// Metrics recorded at the end of one epoch (or of the level, if it ends mid-epoch). Accuracies are fractions 0–1.
/// Stored one JSON object per line in <c>levels/NN/metrics.jsonl</c>. Validation metrics are NaN without a validation
/// set (<c>data.validation</c> = 0).
/// </summary>
public sealed record EpochMetrics(
    int Level,
    int Epoch,
    long Step,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double Seconds,
    double ValidationLoss = double.NaN,
    double ValidationAccuracy = double.NaN);
