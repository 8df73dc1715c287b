namespace Rewind.Reporting;

/// <summary>
/// One line of a study chart (<see cref="StudyCharts"/>): points (x, y), optionally a shaded band from
/// <see cref="Lower"/> to <see cref="Upper"/> (an interval, e.g. the Oracle's optimised interval). Non-finite points are skipped.
/// </summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values, one per x.</param>
/// <param name="Lower">Lower band edge per point, or null for no band.</param>
/// <param name="Upper">Upper band edge per point, or null for no band.</param>
/// <param name="Dashed">Draw the line dashed (a reference curve).</param>
/// <param name="PointX">x of points drawn as open circles in the line's colour (e.g. a numerical check of a closed-form curve), or null.</param>
/// <param name="PointY">y of those points, one per <paramref name="PointX"/>.</param>
public sealed record LineSeries(string Label, double[] X, double[] Y, double[]? Lower = null, double[]? Upper = null, bool Dashed = false,
    double[]? PointX = null, double[]? PointY = null);
