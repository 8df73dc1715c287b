namespace Rewind.Sparsity;

/// <summary>
/// Per-layer budgets of the balanced (Paper A §5.4) and Erdős–Rényi-kernel (ALGORITHMS.md §7.9) scopes: pure
/// functions of the layer sizes or shapes and the requested overall density, pinned by the vectors of §8.4.
/// </summary>
public static class LayerBudgets
{
    /// <summary>
    /// Balanced layer densities: every layer gets the same number of weights, <c>X = d·N/L</c> without redistribution
    /// or the water level of <see cref="WaterLevel"/>; a layer's density is <c>min(1, X/n_l)</c>.
    /// </summary>
    public static double[] BalancedDensities(IReadOnlyList<long> sizes, double density, BalancedVariant variant)
    {
        CheckSizes(sizes, density);
        double x = variant == BalancedVariant.WaterFilling ? WaterLevel(sizes, density) : density * Total(sizes) / sizes.Count;
        return sizes.Select(n => Math.Min(1.0, x / n)).ToArray();
    }

    /// <summary>The water level <c>X</c> solving <c>Σ_l min(n_l, X) = d·N</c> (§5.4's water-filling variant).</summary>
    public static double WaterLevel(IReadOnlyList<long> sizes, double density)
    {
        CheckSizes(sizes, density);
        double budget = density * Total(sizes);
        int open = sizes.Count;
        foreach (long n in sizes.OrderBy(n => n))
        {
            if (n > budget / open) return budget / open;
            budget -= n;
            open--;
            if (open == 0) return n;
        }
        return budget;
    }

    /// <summary>
    /// Number of weights each layer prunes under the balanced scope. No redistribution: Paper A's
    /// <c>(long)((1−d_l)·n_l)</c>. Water-filling: <c>min(n_l, X)</c> kept, apportioned so that exactly
    /// <c>(long)((1−d)·N)</c> are pruned in total.
    /// </summary>
    public static long[] BalancedPrunedCounts(IReadOnlyList<long> sizes, double density, BalancedVariant variant)
    {
        if (variant == BalancedVariant.NoRedistribution) return PrunedCounts(sizes, BalancedDensities(sizes, density, variant));
        double x = WaterLevel(sizes, density);
        return Apportion(sizes, sizes.Select(n => Math.Min(n, x)).ToArray(), density);
    }

    /// <summary>Erdős–Rényi-kernel raw factors <c>Σ dims / Π dims</c> of each weight shape (all 4 dims of a conv kernel).</summary>
    public static double[] ErkRawFactors(IReadOnlyList<long[]> shapes) =>
        shapes.Select(s => s.Sum(d => (double)d) / s.Aggregate(1.0, (a, d) => a * d)).ToArray();

    /// <summary>
    /// ERK layer densities <c>ε·raw_l</c> and the solved <c>ε</c>: RigL marks the layers with the largest raw factor
    /// dense while <c>ε·raw &gt; 1</c> and solves again; Paper A's code clamps to 1 without redistribution.
    /// </summary>
    public static (double[] Densities, double Epsilon) ErkDensities(IReadOnlyList<long[]> shapes, double density, ErkVariant variant)
    {
        var sizes = shapes.Select(s => s.Aggregate(1L, (a, d) => a * d)).ToArray();
        CheckSizes(sizes, density);
        var raw = ErkRawFactors(shapes);
        double target = density * Total(sizes);
        var dense = new bool[sizes.Length];
        while (true)
        {
            double rhs = target, divisor = 0;
            for (int i = 0; i < sizes.Length; i++)
                if (dense[i]) rhs -= sizes[i];
                else divisor += raw[i] * sizes[i];
            if (divisor == 0) return (Enumerable.Repeat(1.0, sizes.Length).ToArray(), double.PositiveInfinity);
            double eps = rhs / divisor;
            if (variant == ErkVariant.Clamp)
                return (raw.Select(r => Math.Min(1.0, eps * r)).ToArray(), eps);
            double maxRaw = raw.Where((_, i) => !dense[i]).Max();
            if (eps * maxRaw <= 1)
                return (raw.Select((r, i) => dense[i] ? 1.0 : eps * r).ToArray(), eps);
            for (int i = 0; i < sizes.Length; i++)
                if (!dense[i] && raw[i] == maxRaw) dense[i] = true;
        }
    }

    /// <summary>
    /// Number of weights each layer prunes under the ERK scope: exact apportionment to <c>(long)((1−d)·N)</c> for
    /// RigL, Paper A's per-layer truncation <c>(long)((1−d_l)·n_l)</c> for the clamp variant.
    /// </summary>
    public static long[] ErkPrunedCounts(IReadOnlyList<long[]> shapes, double density, ErkVariant variant)
    {
        var sizes = shapes.Select(s => s.Aggregate(1L, (a, d) => a * d)).ToArray();
        var (densities, _) = ErkDensities(shapes, density, variant);
        return variant == ErkVariant.Clamp
            ? PrunedCounts(sizes, densities)
            : Apportion(sizes, densities.Select((d, i) => Math.Min(sizes[i], d * sizes[i])).ToArray(), density);
    }

    /// <summary>Per-layer pruned counts <c>(long)((1−d_l)·n_l)</c> for given layer densities (§0.3's IEEE rule).</summary>
    public static long[] PrunedCounts(IReadOnlyList<long> sizes, IReadOnlyList<double> densities) =>
        sizes.Select((n, i) => PruningCounts.PrunedCount(densities[i], n)).ToArray();

    /// <summary>Overall density when each layer prunes the given count.</summary>
    public static double AchievedDensity(IReadOnlyList<long> sizes, IReadOnlyList<long> pruned) =>
        (double)(Total(sizes) - pruned.Sum()) / Total(sizes);

    /// <summary>
    /// Integer kept counts closest to <paramref name="idealKept"/> whose total is exactly <c>N − (long)((1−d)·N)</c>
    /// (largest-remainder apportionment; ties go to the earlier layer), returned as pruned counts.
    /// </summary>
    internal static long[] Apportion(IReadOnlyList<long> sizes, IReadOnlyList<double> idealKept, double density)
    {
        long total = Total(sizes);
        long keepTotal = total - PruningCounts.PrunedCount(density, total);
        var kept = idealKept.Select((x, i) => Math.Clamp((long)Math.Floor(x), 0, sizes[i])).ToArray();
        long remainder = keepTotal - kept.Sum();
        var byFraction = Enumerable.Range(0, sizes.Count)
            .OrderByDescending(i => idealKept[i] - Math.Floor(idealKept[i])).ThenBy(i => i).ToArray();
        while (remainder != 0)
        {
            bool moved = false;
            foreach (int i in remainder > 0 ? byFraction : byFraction.Reverse())
            {
                if (remainder > 0 && kept[i] < sizes[i]) { kept[i]++; remainder--; moved = true; }
                else if (remainder < 0 && kept[i] > 0) { kept[i]--; remainder++; moved = true; }
                if (remainder == 0) break;
            }
            if (!moved) break;
        }
        return kept.Select((k, i) => sizes[i] - k).ToArray();
    }

    private static long Total(IReadOnlyList<long> sizes) => sizes.Sum();

    private static void CheckSizes(IReadOnlyList<long> sizes, double density)
    {
        if (sizes.Count == 0) throw new ArgumentException("at least one layer is needed", nameof(sizes));
        if (sizes.Any(n => n <= 0)) throw new ArgumentException("layer sizes must be positive", nameof(sizes));
        if (density is <= 0 or > 1) throw new RewindUserException($"target density {density} is outside (0, 1].");
    }
}
