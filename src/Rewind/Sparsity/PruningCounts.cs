namespace Rewind.Sparsity;

/// <summary>Target densities and integer pruning counts (ALGORITHMS.md §0.2, §0.3, test vectors §8.1, §8.3).</summary>
public static class PruningCounts
{
    /// <summary>Absolute density after <paramref name="level"/> pruning steps at rate <paramref name="rate"/>: (1−rate)^level.</summary>
    public static double Density(int level, double rate) => Math.Pow(1.0 - rate, level);

    /// <summary>
    /// Number of scalars pruned (in total, not per step) for an absolute target density: <c>(long)((1 − d)·n)</c>,
    /// evaluated in IEEE double exactly as Paper A's code does, so (1−0.8)·10 gives 1, not 2.
    /// </summary>
    public static long PrunedCount(double density, long n) => (long)((1.0 - density) * n);
}
