namespace Rewind.Pruning;

/// <summary>
/// The outcome of one pruning level; one row of a run's <c>metrics.csv</c> and the content of
/// <c>levels/NN/summary.json</c> (whose existence marks the level as done). Accuracies and density are fractions.
/// </summary>
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
    double Seconds);
