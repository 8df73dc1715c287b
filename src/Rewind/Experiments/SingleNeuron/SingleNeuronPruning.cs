namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Global magnitude pruning of the single neuron's input weights w (a is never pruned) and the per-level counts of
/// surviving inputs (Paper A §2.3; ALGORITHMS.md §2 "absolute density" rule and §5.10).
/// </summary>
public static class SingleNeuronPruning
{
    /// <summary>The keep fraction per level that leaves 10 % of the inputs after 3 levels: 0.1^{1/3} (Paper A §2.3).</summary>
    public static readonly double DefaultKeepPerLevel = Math.Pow(0.1, 1.0 / 3.0);

    /// <summary>
    /// Inputs kept after each of <paramref name="levels"/> prune–train levels, starting from <paramref name="inputs"/>.
    /// Level l targets the absolute density r^l and prunes <c>k_l = (int)((1 − r^l)·d)</c> inputs in total (C-style
    /// truncation in IEEE double, as Paper A's code); counts are clamped to ≥ 1 and the last level keeps exactly one
    /// input, the paper's "only one single input remains". For d = 10 and r = 0.1^{1/3}: 5, 3, 1; d = 5: 3, 2, 1;
    /// d = 2: 1, 1, 1; d = 1: 1, 1, 1 (nothing to prune).
    /// </summary>
    public static int[] KeptCounts(int inputs, int levels, double keepPerLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        if (!(keepPerLevel > 0 && keepPerLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(keepPerLevel), keepPerLevel, "keep fraction must be in (0, 1).");
        }

        var kept = new int[levels];
        for (int l = 1; l <= levels; l++)
        {
            double density = Math.Pow(keepPerLevel, l);
            int pruned = (int)((1.0 - density) * inputs);
            kept[l - 1] = Math.Max(1, inputs - pruned);
        }

        kept[levels - 1] = 1;
        return kept;
    }

    /// <summary>
    /// The mask that keeps the <paramref name="keep"/> largest |w_j| among the currently unpruned inputs (global
    /// magnitude pruning, exact count): ties go to the lower index, already pruned inputs stay pruned.
    /// </summary>
    public static bool[] Prune(ReadOnlySpan<double> w, ReadOnlySpan<bool> mask, int keep)
    {
        if (w.Length != mask.Length)
        {
            throw new ArgumentException($"w has {w.Length} entries but the mask {mask.Length}.", nameof(mask));
        }

        var alive = new List<int>();
        for (int j = 0; j < w.Length; j++)
        {
            if (mask[j])
            {
                alive.Add(j);
            }
        }

        if (keep < 0 || keep > alive.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, $"can keep 0..{alive.Count} of the unpruned inputs.");
        }

        double[] magnitudes = w.ToArray();
        alive.Sort((i, j) =>
        {
            int byMagnitude = Math.Abs(magnitudes[j]).CompareTo(Math.Abs(magnitudes[i]));
            return byMagnitude != 0 ? byMagnitude : i.CompareTo(j);
        });
        var next = new bool[w.Length];
        for (int k = 0; k < keep; k++)
        {
            next[alive[k]] = true;
        }

        return next;
    }
}
