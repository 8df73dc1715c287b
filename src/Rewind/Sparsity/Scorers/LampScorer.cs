using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// LAMP, layer-adaptive magnitude-based pruning (Lee et al. 2021; ALGORITHMS.md §7.4): within a layer, weights
/// sorted by <c>w²</c> ascending (stable: equal values by flat index), the u-th scores
/// <c>w_(u)² / Σ_{v≥u} w_(v)²</c>; the largest weight of every layer scores 1, so a global threshold never empties a
/// layer. Pruned weights (zero) score 0; an all-zero layer scores 0 (the 0/0 guard). Computed in double.
/// </summary>
public sealed class LampScorer : IScorer
{
    /// <inheritdoc/>
    public string Name => "lamp";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.Global;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context)
    {
        using var noGrad = no_grad();
        return context.Prunable.Select((p, i) =>
        {
            using var scope = NewDisposeScope();
            var w = p.Parameter.detach().to(ScalarType.Float64).mul(context.Mask.Masks[i].Mask.to(ScalarType.Float64));
            return LayerScores(w).MoveToOuterDisposeScope();
        }).ToList();
    }

    /// <summary>LAMP scores of one layer's weights (any shape; returned in the same shape, double).</summary>
    public static Tensor LayerScores(Tensor weights)
    {
        using var scope = NewDisposeScope();
        var sq = weights.to(ScalarType.Float64).flatten().pow(Scalars.Two);
        var (sorted, order) = sq.sort(0, descending: false, stable: true);
        var suffix = sorted.flip(0).cumsum(0).flip(0);
        var lamp = sorted.div(suffix).nan_to_num(0.0); // 0/0 only when the rest of the layer is all zero
        var scores = zeros_like(sq).scatter_(0, order, lamp);
        return scores.reshape(weights.shape).MoveToOuterDisposeScope();
    }
}
