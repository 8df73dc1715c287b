namespace Rewind.Analysis;

/// <summary>
/// A mean over repeated measurements (seeds) with its sample standard deviation and the half-width of the
/// two-sided 95% Student-t confidence interval for the mean. With one measurement <see cref="Std"/> and
/// <see cref="HalfWidth"/> are 0: one seed gives no interval.
/// </summary>
/// <param name="Mean">Arithmetic mean of the measurements.</param>
/// <param name="Std">Sample standard deviation (n − 1 in the denominator); 0 for one measurement.</param>
/// <param name="HalfWidth">t<sub>0.975, n−1</sub>·s/√n; 0 for one measurement.</param>
/// <param name="Count">Number of measurements.</param>
public sealed record Estimate(double Mean, double Std, double HalfWidth, int Count)
{
    /// <summary>Lower end of the 95% interval (<see cref="Mean"/> − <see cref="HalfWidth"/>).</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper end of the 95% interval (<see cref="Mean"/> + <see cref="HalfWidth"/>).</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>True when there is an interval at all, i.e. at least two measurements.</summary>
    public bool HasInterval => Count > 1;

    /// <summary>
    /// True when the two 95% intervals share at least one point (touching counts as overlapping).
    /// Overlap is the conservative reading: non-overlapping intervals imply a difference, overlapping ones do not
    /// rule one out.
    /// </summary>
    public bool Overlaps(Estimate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Lower <= other.Upper && other.Lower <= Upper;
    }
}
