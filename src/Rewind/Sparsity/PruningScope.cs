namespace Rewind.Sparsity;

/// <summary>
/// How the pruning budget is spread over layers; orthogonal to the score (any scorer can be pruned with any scope).
/// Every scope prunes exact counts with the stable tie rule of ALGORITHMS.md §0.2 and keeps masks nested.
/// </summary>
public enum PruningScope
{
    /// <summary>One threshold over all prunable tensors jointly: <c>(long)((1−d)·N)</c> scalars pruned in total.</summary>
    Global,
    /// <summary>Every prunable tensor keeps the same fraction: <c>(long)((1−d)·n_l)</c> pruned in each (§7.2).</summary>
    PerLayer,
    /// <summary>
    /// Every prunable tensor keeps the same number of weights <c>X = d·N/L</c> (Paper A §5.4, Gadhikar et al. 2023);
    /// see <see cref="BalancedVariant"/> for what happens to layers smaller than <c>X</c>.
    /// </summary>
    Balanced,
    /// <summary>
    /// Erdős–Rényi-kernel layer densities <c>∝ Σdims/Πdims</c> (Evci et al. 2020; ALGORITHMS.md §7.9); see
    /// <see cref="ErkVariant"/>.
    /// </summary>
    Erk,
    /// <summary>
    /// Whole output units (rows of a Linear weight, filters of a Conv weight) per layer, each layer keeping the
    /// fraction <c>d</c> of its units (Li et al. 2017; ALGORITHMS.md §7.8). A unit's score is the sum of its
    /// element scores (so magnitude scores give the filter's L1 norm); pruning a unit also prunes the input slice of
    /// the next layer that consumes it. The output layer's units (the classes) are never removed.
    /// </summary>
    Structured,
}
