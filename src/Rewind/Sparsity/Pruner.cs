using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Turns scores and the current mask into the next, nested mask at an absolute target density, with exact counts
/// (ALGORITHMS.md §0.2): globally, <c>k = (long)((1−d)·N)</c> scalars are pruned in total; per layer, each tensor
/// prunes <c>(long)((1−d)·n_l)</c>. Already-pruned entries are always among the pruned.
/// </summary>
public static class Pruner
{
    /// <summary>Computes the next mask. Scores are not modified; the caller keeps ownership of them.</summary>
    public static MaskSet Prune(IReadOnlyList<Tensor> scores, MaskSet current, double targetDensity, PruningScope scope)
    {
        if (targetDensity is <= 0 or > 1)
            throw new RewindUserException($"target density {targetDensity} is outside (0, 1].");
        if (scores.Count != current.Masks.Count)
            throw new ArgumentException("one score tensor per prunable tensor is required", nameof(scores));
        using var scope0 = NewDisposeScope();
        var result = new List<KeyValuePair<string, Tensor>>();
        if (scope == PruningScope.Global)
        {
            // Pruned entries get −∞ so the stable k-selection takes them first (masks stay nested).
            var flat = cat(scores.Select((s, i) => Excluding(s, current.Masks[i].Mask)).ToList(), 0);
            long k = PruningCounts.PrunedCount(targetDensity, flat.numel());
            var keep = ExactSelection.KeepMask(flat, k);
            long offset = 0;
            foreach (var (name, mask) in current.Masks)
            {
                long n = mask.numel();
                result.Add(new(name, keep.narrow(0, offset, n).reshape(mask.shape).to(ScalarType.Float32)));
                offset += n;
            }
        }
        else
        {
            for (int i = 0; i < scores.Count; i++)
            {
                var (name, mask) = current.Masks[i];
                var flat = Excluding(scores[i], mask);
                long k = PruningCounts.PrunedCount(targetDensity, flat.numel());
                result.Add(new(name, ExactSelection.KeepMask(flat, k).reshape(mask.shape).to(ScalarType.Float32)));
            }
        }
        var next = MaskSet.FromTensors(result);
        return next;
    }

    private static Tensor Excluding(Tensor score, Tensor mask) =>
        score.detach().to(ScalarType.Float32).flatten()
            .masked_fill(mask.flatten().eq(0), double.NegativeInfinity);
}
