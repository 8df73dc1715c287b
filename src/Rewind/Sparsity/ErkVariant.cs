namespace Rewind.Sparsity;

/// <summary>How Erdős–Rényi-kernel densities are made feasible when <c>ε·raw_l</c> exceeds 1 (ALGORITHMS.md §7.9).</summary>
public enum ErkVariant
{
    /// <summary>
    /// RigL (Evci et al. 2020): layers whose density would exceed 1 are made dense and ε is solved again for the
    /// others, repeatedly; counts are apportioned so that exactly <c>(long)((1−d)·N)</c> weights are pruned.
    /// </summary>
    RigL,
    /// <summary>Paper A's code: <c>min(1, ε·raw_l)</c> without redistribution (achieved density below the target).</summary>
    Clamp,
}
