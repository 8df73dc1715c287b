namespace Rewind.Core;

/// <summary>
/// What the network showed at the end of one level, stored as <c>levels/NN/statistics.json</c>: the distribution of
/// the weight gradients of all unpruned weights (Paper B §3.1: Sturges histogram and σ), per-layer gradient, E_AA and
/// E_WG (§6.5), measured in evaluation mode on a fixed sample of training examples that is the same at every level.
/// The adaptive peak (<see cref="Schedules.AdaptivePeak"/>) reads <see cref="GradientMeanSquare"/> or
/// <see cref="ActivationMeanSquare"/>.
/// </summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Fraction of prunable weights remaining.</param>
/// <param name="Batches">Probe mini-batches the gradients were taken on (one gradient per weight and batch).</param>
/// <param name="Examples">Probe examples in total.</param>
/// <param name="GradientCount">Gradient values pooled (unpruned weights × batches).</param>
/// <param name="GradientMean">Mean of the pooled gradients.</param>
/// <param name="GradientStd">σ of the pooled gradients (Paper B: 8.4e-3 dense → 3.3e-3 at 13.4 %).</param>
/// <param name="GradientMeanSquare">Mean of the squared pooled gradients (the adaptive peak's gradient statistic).</param>
/// <param name="GradientHistogram">Sturges histogram of the pooled gradients.</param>
/// <param name="ActivationMeanSquare">Mean over the pruned layers after the first of their input E_AA (the adaptive peak's activation statistic); NaN if not measured.</param>
/// <param name="Layers">Per prunable layer, in model order.</param>
public sealed record LevelStatistics(
    int Level,
    double Density,
    int Batches,
    long Examples,
    long GradientCount,
    double GradientMean,
    double GradientStd,
    double GradientMeanSquare,
    Histogram GradientHistogram,
    double ActivationMeanSquare,
    IReadOnlyList<LayerStatistics> Layers)
{
    /// <summary>The statistics <see cref="Statistic"/> knows (the <c>peak.statistic</c> choices).</summary>
    public static IReadOnlyList<string> StatisticNames { get; } = ["gradient", "activation"];

    /// <summary>The statistic the adaptive peak named <paramref name="statistic"/> (<c>gradient</c> or <c>activation</c>) reads.</summary>
    public double Statistic(string statistic) => statistic switch
    {
        "gradient" => GradientMeanSquare,
        "activation" => ActivationMeanSquare,
        _ => throw new RewindUserException($"peak.statistic: '{statistic}' is not a statistic; choose gradient or activation."),
    };
}
