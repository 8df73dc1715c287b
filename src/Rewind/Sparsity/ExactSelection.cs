using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Exact-count selection with the stable tie rule of ALGORITHMS.md §0.2: prune the <c>k</c> lowest scores, ties broken
/// by flat index ascending, so exactly <c>k</c> entries are pruned. O(n) via <c>kthvalue</c> rather than a full sort.
/// </summary>
public static class ExactSelection
{
    /// <summary>
    /// Returns a boolean keep-mask for a 1-D score vector: false for the <paramref name="k"/> lowest scores
    /// (lowest first; among equal scores the lower flat index goes first). Already-pruned entries should carry
    /// −∞ so they are chosen first.
    /// </summary>
    public static Tensor KeepMask(Tensor scores, long k)
    {
        long n = scores.numel();
        if (scores.dim() != 1) throw new ArgumentException("scores must be 1-D", nameof(scores));
        if (k <= 0) return ones(n, ScalarType.Bool, scores.device);
        if (k >= n) return zeros(n, ScalarType.Bool, scores.device);
        using var scope = NewDisposeScope();
        using var isNan = scores.isnan().any();
        if (isNan.item<bool>()) throw new InvalidOperationException("pruning scores contain NaN");
        var (kth, _) = scores.kthvalue(k, 0);
        var below = scores.lt(kth);
        long countBelow = below.sum().item<long>();
        var ties = scores.eq(kth);
        long need = k - countBelow;
        var tieRank = ties.to(ScalarType.Int64).cumsum(0);
        var pruneTies = ties.logical_and(tieRank.le(need));
        var keep = below.logical_or(pruneTies).logical_not();
        return keep.MoveToOuterDisposeScope();
    }
}
