namespace Rewind.Core;

/// <summary>
/// What one prunable layer showed at the end of a level (Paper B §3.1 and Theorems 1–2, ALGORITHMS §6.5, §6.7).
/// NaN where a quantity was not measured.
/// </summary>
/// <param name="Name">The prunable weight, e.g. <c>fc2.weight</c>.</param>
/// <param name="Remaining">Unpruned weights of the layer.</param>
/// <param name="GradientMeanSquare">Mean of ∂L/∂w² over the unpruned weights and the probe batches.</param>
/// <param name="GradientStd">Standard deviation σ of those gradients.</param>
/// <param name="InputMeanSquare">E_AA of the layer's input (its mean squared activation over the probe examples).</param>
/// <param name="FirstEpochWeightChange">E_WG: mean (w − w')² over unpruned weights between the level's start and the end of its first epoch.</param>
public sealed record LayerStatistics(
    string Name,
    long Remaining,
    double GradientMeanSquare,
    double GradientStd,
    double InputMeanSquare,
    double FirstEpochWeightChange);
