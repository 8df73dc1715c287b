using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// A pruning criterion: one score tensor per prunable tensor (same shapes), higher = more important (kept).
/// Scores of already-pruned entries do not matter: the <see cref="Pruner"/> always prunes them first.
/// </summary>
public interface IScorer
{
    /// <summary>The name used in <c>pruning.scorer</c>.</summary>
    string Name { get; }

    /// <summary>The scope this criterion is defined with (global magnitude → Global; layer magnitude → PerLayer).</summary>
    PruningScope Scope { get; }

    /// <summary>Scores for every prunable tensor, in the order of <see cref="ScoringContext.Prunable"/>. Caller disposes.</summary>
    IReadOnlyList<Tensor> Score(ScoringContext context);
}
