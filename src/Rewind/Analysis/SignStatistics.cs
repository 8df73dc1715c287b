namespace Rewind.Analysis;

/// <summary>
/// Sign and mask statistics of Paper A §3 (ALGORITHMS §5.6) as pure functions over plain arrays: sign flips between two
/// moments of training, each weight's stabilisation level and switch count over the levels, and the overlap and sign
/// agreement of two masks. Signs are −1, 0, +1; a weight is counted only where it is alive.
/// </summary>
public static class SignStatistics
{
    /// <summary>Number of alive weights whose sign differs between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static long Flips(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, ReadOnlySpan<bool> alive)
    {
        if (a.Length != b.Length || a.Length != alive.Length) throw new ArgumentException("Sign and mask arrays differ in length.");
        long flips = 0;
        for (int i = 0; i < a.Length; i++)
            if (alive[i] && a[i] != b[i]) flips++;
        return flips;
    }

    /// <summary>
    /// Per weight, from the signs before training (<paramref name="initial"/>, σ₋₁) and at the end of each level
    /// (<paramref name="byLevel"/>[i] = σᵢ): the last level i at which σᵢ ≠ σᵢ₋₁ (its stabilisation level; −1 when the sign
    /// never changed) and how many times it changed. Weights not alive in <paramref name="alive"/> (the final mask) are
    /// left out: the result lists the alive weights in index order.
    /// </summary>
    public static (int[] LastChange, int[] Switches) History(ReadOnlySpan<sbyte> initial, IReadOnlyList<sbyte[]> byLevel, ReadOnlySpan<bool> alive)
    {
        ArgumentNullException.ThrowIfNull(byLevel);
        int n = initial.Length;
        var last = new int[n];
        var switches = new int[n];
        Array.Fill(last, -1);
        var previous = initial.ToArray();
        for (int level = 0; level < byLevel.Count; level++)
        {
            var now = byLevel[level];
            if (now.Length != n) throw new ArgumentException($"Level {level} has {now.Length} signs, not {n}.", nameof(byLevel));
            for (int i = 0; i < n; i++)
            {
                if (now[i] == previous[i]) continue;
                last[i] = level;
                switches[i]++;
                previous[i] = now[i];
            }
        }
        var keptLast = new List<int>();
        var keptSwitches = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (!alive[i]) continue;
            keptLast.Add(last[i]);
            keptSwitches.Add(switches[i]);
        }
        return (keptLast.ToArray(), keptSwitches.ToArray());
    }

    /// <summary>
    /// How two masks overlap: the weights both keep, either keeps, the Jaccard index |A ∩ B| / |A ∪ B| and the overlap
    /// coefficient |A ∩ B| / min(|A|, |B|). A mask with itself gives 1 and 1; with its complement 0 and 0.
    /// </summary>
    public static MaskOverlap Overlap(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("The masks differ in length.");
        long both = 0, either = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i]) na++;
            if (b[i]) nb++;
            if (a[i] && b[i]) both++;
            if (a[i] || b[i]) either++;
        }
        return new MaskOverlap(na, nb, both, either);
    }

    /// <summary>Of the weights both masks keep, how many have the same sign in <paramref name="signsA"/> and <paramref name="signsB"/>.</summary>
    public static long SameSign(ReadOnlySpan<sbyte> signsA, ReadOnlySpan<sbyte> signsB, ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        if (signsA.Length != a.Length || signsB.Length != b.Length || a.Length != b.Length) throw new ArgumentException("Arrays differ in length.");
        long same = 0;
        for (int i = 0; i < a.Length; i++)
            if (a[i] && b[i] && signsA[i] == signsB[i]) same++;
        return same;
    }

    /// <summary>Counts of <paramref name="values"/> per value from <paramref name="min"/> to <paramref name="max"/> (inclusive).</summary>
    public static long[] Counts(IEnumerable<int> values, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[max - min + 1];
        foreach (int v in values)
            if (v >= min && v <= max) counts[v - min]++;
        return counts;
    }
}

/// <summary>The overlap of two masks (<see cref="SignStatistics.Overlap"/>).</summary>
/// <param name="KeptA">Weights mask A keeps.</param>
/// <param name="KeptB">Weights mask B keeps.</param>
/// <param name="Both">Weights both keep.</param>
/// <param name="Either">Weights either keeps.</param>
public sealed record MaskOverlap(long KeptA, long KeptB, long Both, long Either)
{
    /// <summary>|A ∩ B| / |A ∪ B| (1 for two empty masks).</summary>
    public double Jaccard => Either == 0 ? 1 : (double)Both / Either;

    /// <summary>|A ∩ B| / min(|A|, |B|) (1 when one is empty).</summary>
    public double OverlapCoefficient => Math.Min(KeptA, KeptB) == 0 ? 1 : (double)Both / Math.Min(KeptA, KeptB);
}
