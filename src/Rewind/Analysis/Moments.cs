namespace Rewind.Analysis;

/// <summary>
/// Count, sum, sum of squares, minimum and maximum of a stream of values, combined chunk by chunk without keeping the
/// values (Paper B's gradient σ over all unpruned weights, ALGORITHMS §6.7). Immutable: <see cref="Add"/> returns a new value.
/// </summary>
/// <param name="Count">Number of values.</param>
/// <param name="Sum">Σ x.</param>
/// <param name="SumOfSquares">Σ x².</param>
/// <param name="Min">Smallest value (+∞ when empty).</param>
/// <param name="Max">Largest value (−∞ when empty).</param>
public readonly record struct Moments(long Count, double Sum, double SumOfSquares, double Min, double Max)
{
    /// <summary>No values.</summary>
    public static Moments Empty { get; } = new(0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);

    /// <summary>These moments with <paramref name="values"/> added (accumulated in double precision).</summary>
    public Moments Add(ReadOnlySpan<float> values)
    {
        double sum = Sum, squares = SumOfSquares, min = Min, max = Max;
        foreach (float f in values)
        {
            double v = f;
            sum += v;
            squares += v * v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new Moments(Count + values.Length, sum, squares, min, max);
    }

    /// <summary>These moments and <paramref name="other"/>'s together (pure).</summary>
    public Moments Merge(Moments other) =>
        new(Count + other.Count, Sum + other.Sum, SumOfSquares + other.SumOfSquares, Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    /// <summary>Mean (NaN when empty).</summary>
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Mean of the squares (NaN when empty): Paper B's E_AA for activations, E[g²] for gradients.</summary>
    public double MeanSquare => Count == 0 ? double.NaN : SumOfSquares / Count;

    /// <summary>Root mean square (NaN when empty).</summary>
    public double Rms => Math.Sqrt(MeanSquare);

    /// <summary>Population standard deviation √(E[x²] − E[x]²), clamped at 0 against rounding (NaN when empty).</summary>
    public double Std => Count == 0 ? double.NaN : Math.Sqrt(Math.Max(0, MeanSquare - Mean * Mean));
}
