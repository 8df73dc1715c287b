namespace Rewind.Sparsity;

/// <summary>What the balanced scope does with layers smaller than the per-layer budget (ALGORITHMS.md §5.4, [AMBIGUOUS]).</summary>
public enum BalancedVariant
{
    /// <summary>
    /// Paper A's code (<c>prune_random_balanced</c>): layer density <c>min(1, X/n_l)</c> with <c>X = d·N/L</c>;
    /// layers smaller than <c>X</c> stay dense and their unused budget is lost, so the achieved density is below
    /// <c>d</c> (ResNet-18: requested 0.8 → 0.3685).
    /// </summary>
    NoRedistribution,
    /// <summary>
    /// Water-filling: the level <c>X</c> solves <c>Σ_l min(n_l, X) = d·N</c>, and the integer counts are apportioned
    /// (largest remainder) so that exactly <c>(long)((1−d)·N)</c> weights are pruned.
    /// </summary>
    WaterFilling,
}
