using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Exact-count selection with the stable tie rule of ALGORITHMS.md §0.2: prune the <c>k</c> lowest scores, ties broken
/// by flat index ascending, so exactly <c>k</c> entries are pruned. O(n) via <c>kthvalue</c> (a selection, not a
/// sort); only the entries tied at the threshold are ever indexed.
/// </summary>
public static class ExactSelection
{
    /// <summary>
    /// Returns a boolean keep-mask for a 1-D score vector: false for the <paramref name="k"/> lowest scores
    /// (lowest first; among equal scores the lower flat index goes first). Already-pruned entries should carry
    /// −∞ so they are chosen first. NaN scores are refused.
    /// </summary>
    public static Tensor KeepMask(Tensor scores, long k)
    {
        long n = scores.numel();
        if (scores.dim() != 1) throw new ArgumentException("scores must be 1-D", nameof(scores));
        if (k <= 0) return ones(n, ScalarType.Bool, scores.device);
        if (k >= n) return zeros(n, ScalarType.Bool, scores.device);
        using var scope = NewDisposeScope();
        if (scores.isnan().any().item<bool>()) throw new InvalidOperationException("pruning scores contain NaN");
        var (kth, _) = scores.kthvalue(k, 0);
        // Kept: strictly above the k-th value, plus the tied entries beyond the first `need` (by index).
        var keep = scores.gt(kth);
        var tieIndex = scores.eq(kth).nonzero().flatten(); // ascending flat indices
        long ties = tieIndex.numel();
        long above = keep.sum().item<long>();
        long need = k - (n - above - ties); // ties to prune after every entry strictly below the threshold
        if (need < ties) keep.index_fill_(0, tieIndex.narrow(0, need, ties - need), true);
        return keep.MoveToOuterDisposeScope();
    }
}
