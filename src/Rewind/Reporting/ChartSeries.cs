namespace Rewind.Reporting;

/// <summary>
/// One line of an accuracy-vs-density chart: points in level order, all values fractions 0–1.
/// A zero <see cref="CiHalfWidth"/> (one seed) draws no band.
/// </summary>
/// <param name="Label">Legend text, usually the strategy.</param>
/// <param name="Density">Remaining fraction of prunable weights per point.</param>
/// <param name="Mean">Mean test accuracy per point.</param>
/// <param name="CiHalfWidth">Half-width of the 95% interval of the test accuracy per point.</param>
public sealed record ChartSeries(string Label, double[] Density, double[] Mean, double[] CiHalfWidth);
