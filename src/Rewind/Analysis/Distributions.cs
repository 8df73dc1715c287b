using System.Numerics;

namespace Rewind.Analysis;

/// <summary>
/// Pure statistics over plain arrays for Paper B's distribution analyses (ALGORITHMS §6.5, §6.7): Sturges' bin count,
/// equal-width histograms, the mean squared activation E_AA and the mean squared weight change E_WG.
/// </summary>
public static class Distributions
{
    /// <summary>Sturges' rule <c>⌈log2 n⌉ + 1</c> bins for n values, computed exactly in integers (Paper B Sec. 3.1, ALGORITHMS §6.7).</summary>
    public static int SturgesBins(long n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "Sturges' rule needs at least one value.");
        // ⌈log2 n⌉ = bit length of n − 1 for n ≥ 2, and 0 for n = 1.
        int ceilLog2 = n == 1 ? 0 : BitOperations.Log2((ulong)(n - 1)) + 1;
        return ceilLog2 + 1;
    }

    /// <summary>
    /// Equal-width histogram of <paramref name="values"/> with <paramref name="bins"/> bins between their minimum and
    /// maximum (the maximum falls in the last bin; all-equal values get the range value ± 0.5, as NumPy does) (ALGORITHMS §6.7).
    /// </summary>
    public static Histogram Histogram(double[] values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) throw new ArgumentException("A histogram needs at least one value.", nameof(values));
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram has at least one bin.");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"Histogram values must be finite; found {v}.", nameof(values));
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var edges = EqualWidthEdges(min, max, bins);
        var counts = new long[bins];
        foreach (var v in values) counts[BinOf(v, edges)]++;
        return new Histogram(edges, counts);
    }

    /// <summary>
    /// The <paramref name="bins"/> + 1 edges of an equal-width histogram from <paramref name="min"/> to
    /// <paramref name="max"/> (equal bounds become bound ± 0.5, as NumPy does), for histograms built in several passes.
    /// </summary>
    public static double[] EqualWidthEdges(double min, double max, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram has at least one bin.");
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"Histogram bounds must be finite with min ≤ max; got [{min}, {max}].");
        if (min == max) { min -= 0.5; max += 0.5; }
        var edges = new double[bins + 1];
        double width = (max - min) / bins;
        for (int i = 0; i < bins; i++) edges[i] = min + i * width;
        edges[bins] = max;
        return edges;
    }

    /// <summary>
    /// Adds <paramref name="values"/> to <paramref name="counts"/> (one per bin of <paramref name="edges"/>); a value
    /// outside the edges is an <see cref="ArgumentException"/>. Streaming form of <see cref="Histogram"/>: same bins.
    /// </summary>
    public static void CountInto(ReadOnlySpan<float> values, IReadOnlyList<double> edges, long[] counts)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(counts);
        if (edges.Count < 2 || counts.Length != edges.Count - 1)
            throw new ArgumentException($"{edges.Count} edges need {edges.Count - 1} counts, not {counts.Length}.");
        foreach (float f in values)
        {
            double v = f;
            if (!(v >= edges[0] && v <= edges[^1]))
                throw new ArgumentException($"Value {v} lies outside the histogram [{edges[0]}, {edges[^1]}].", nameof(values));
            counts[BinOf(v, edges)]++;
        }
    }

    private static int BinOf(double v, IReadOnlyList<double> edges)
    {
        int bins = edges.Count - 1;
        double min = edges[0], width = (edges[^1] - min) / bins;
        int i = (int)Math.Min(bins - 1, Math.Max(0, Math.Floor((v - min) / width)));
        // Rounding in (v − min)/width can land one bin off near an edge; the edges decide.
        while (i > 0 && v < edges[i]) i--;
        while (i < bins - 1 && v >= edges[i + 1]) i++;
        return i;
    }

    /// <summary>
    /// Paper B's <c>E_AA(H) = E_X[(1/N)·Σ_i h_i(X)²]</c>: the mean of the squared activations over samples (rows) and
    /// units (columns) (§6.5).
    /// </summary>
    public static double MeanSquaredActivation(double[,] activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Length == 0) throw new ArgumentException("E_AA needs at least one sample and one unit.", nameof(activations));
        double sum = 0;
        foreach (var a in activations) sum += a * a;
        return sum / activations.Length;
    }

    /// <summary>
    /// Paper B's <c>E_WG(W, W') = mean_i (w_i − w'_i)²</c> over the active (unpruned) weights, W' being the weights one
    /// epoch of training later (§6.5).
    /// </summary>
    public static double MeanSquaredWeightChange(double[] weights, double[] weightsNext, bool[] alive)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(weightsNext);
        ArgumentNullException.ThrowIfNull(alive);
        if (weightsNext.Length != weights.Length || alive.Length != weights.Length)
            throw new ArgumentException(
                $"Weights ({weights.Length}), next weights ({weightsNext.Length}) and mask ({alive.Length}) must have the same length.");
        double sum = 0;
        long n = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!alive[i]) continue;
            double diff = weights[i] - weightsNext[i];
            sum += diff * diff;
            n++;
        }
        if (n == 0) throw new ArgumentException("E_WG needs at least one active (unpruned) weight.", nameof(alive));
        return sum / n;
    }
}
