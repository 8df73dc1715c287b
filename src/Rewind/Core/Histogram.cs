namespace Rewind.Core;

/// <summary>
/// An equal-width histogram: <see cref="Counts"/>[i] values fall in [<see cref="Edges"/>[i], <see cref="Edges"/>[i+1]),
/// the last bin also holding its right edge (NumPy's convention; Paper B Sec. 3.1 gradient histograms, ALGORITHMS §6.7).
/// </summary>
/// <param name="Edges">Bin edges, one more than the bins, increasing from the minimum to the maximum value.</param>
/// <param name="Counts">Number of values in each bin.</param>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    /// <summary>Number of bins.</summary>
    public int Bins => Counts.Count;

    /// <summary>Total number of values counted.</summary>
    public long Total => Counts.Sum();
}
