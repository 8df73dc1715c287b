using ScottPlot;

namespace Rewind.Reporting;

/// <summary>
/// The charts of the SILO studies (Paper B): lines with optional bands (peaks per level, σ per level, theory curves),
/// histograms as density curves (gradient and weight-update distributions) and learning-rate traces over all steps.
/// Like <see cref="Charts"/>: non-finite values are skipped, files are written atomically, and a chart with nothing to
/// draw writes nothing and returns false.
/// </summary>
public static class StudyCharts
{
    /// <summary>Lines (with bands where given) on linear axes; <paramref name="logY"/> puts y on a log10 scale.</summary>
    public static bool Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, bool logY = false)
    {
        using var plot = LinesPlot(title, xLabel, yLabel, series, logY);
        return plot is not null && Charts.Save(plot, path);
    }

    /// <summary>The chart of <see cref="Lines"/> (null if nothing is drawable), for tests and callers that render themselves.</summary>
    internal static Plot? LinesPlot(string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        double Y(double y) => logY ? Math.Log10(y) : y;
        bool Ok(double y) => double.IsFinite(y) && (!logY || y > 0);
        var plot = Charts.NewPlot(title, xLabel, logY ? yLabel + " (log scale)" : yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        bool any = false;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = palette.GetColor(i);
            int n = Math.Min(s.X.Length, s.Y.Length);
            var keep = Enumerable.Range(0, n).Where(j => double.IsFinite(s.X[j]) && Ok(s.Y[j])).ToArray();
            if (keep.Length == 0) continue;
            if (s.Lower is not null && s.Upper is not null)
            {
                var band = keep.Where(j => j < s.Lower.Length && j < s.Upper.Length && Ok(s.Lower[j]) && Ok(s.Upper[j])).ToArray();
                if (band.Length > 1)
                {
                    var fill = plot.Add.FillY(band.Select(j => s.X[j]).ToArray(),
                        band.Select(j => Y(s.Lower[j])).ToArray(), band.Select(j => Y(s.Upper[j])).ToArray());
                    fill.FillColor = color.WithAlpha(0.18);
                    fill.LineWidth = 0;
                }
                else if (band.Length == 1)
                {
                    int j = band[0];
                    var bar = plot.Add.ErrorBar([s.X[j]], [Y(s.Y[j])], [0]);
                    bar.YErrorPositive = [Y(s.Upper[j]) - Y(s.Y[j])];
                    bar.YErrorNegative = [Y(s.Y[j]) - Y(s.Lower[j])];
                    bar.Color = color;
                }
            }
            var line = plot.Add.Scatter(keep.Select(j => s.X[j]).ToArray(), keep.Select(j => Y(s.Y[j])).ToArray(), color);
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.MarkerSize = keep.Length <= 60 ? 6 : 0;
            if (s.Dashed) line.LinePattern = LinePattern.Dashed;
            if (s.PointX is not null && s.PointY is not null)
            {
                var points = Enumerable.Range(0, Math.Min(s.PointX.Length, s.PointY.Length))
                    .Where(j => double.IsFinite(s.PointX[j]) && Ok(s.PointY[j])).ToArray();
                if (points.Length > 0)
                    plot.Add.Markers(points.Select(j => s.PointX[j]).ToArray(), points.Select(j => Y(s.PointY[j])).ToArray(),
                        MarkerShape.OpenCircle, 9, color);
            }
            any = true;
        }
        if (!any)
        {
            plot.Dispose();
            return null;
        }
        var xs = series.SelectMany(x => x.X).Where(double.IsFinite).ToArray();
        if (xs.Length > 0 && xs.All(x => x == Math.Round(x)) && xs.Max() - xs.Min() <= 60)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // levels
        if (logY) plot.Axes.Left.TickGenerator = LogTicks();
        if (series.Count(s => s.Label.Length > 0) > 1) plot.ShowLegend(Alignment.UpperLeft);
        else plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// Grouped bars: one group per category (x tick labels), one bar per series in each group, e.g. the share of weights
    /// whose sign last changed at each level, for several runs (Paper A Figs. 5, 14). Non-finite values draw no bar.
    /// </summary>
    public static bool Bars(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Label, double[] Values)> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        if (categories.Count == 0 || series.Count == 0 || series.All(s => s.Values.All(v => !double.IsFinite(v)))) return false;
        var plot = Charts.NewPlot(title, xLabel, yLabel);
        try
        {
            var palette = new ScottPlot.Palettes.Category10();
            double width = 0.8 / series.Count;
            for (int i = 0; i < series.Count; i++)
            {
                var bars = new List<ScottPlot.Bar>();
                for (int c = 0; c < categories.Count && c < series[i].Values.Length; c++)
                {
                    double v = series[i].Values[c];
                    if (!double.IsFinite(v)) continue;
                    bars.Add(new ScottPlot.Bar { Position = c - 0.4 + width * (i + 0.5), Value = v, Size = width, FillColor = palette.GetColor(i) });
                }
                var added = plot.Add.Bars(bars);
                added.LegendText = series[i].Label;
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                categories.Select((c, i) => (double)i).ToArray(), categories.ToArray());
            plot.Axes.Margins(bottom: 0);
            if (series.Count > 1) plot.ShowLegend(Alignment.UpperRight);
            else plot.HideLegend();
            return Charts.Save(plot, path);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>Histograms as density curves over a shared x axis (Paper B Figs. 4–9).</summary>
    public static bool Histograms(string path, string title, string xLabel, IReadOnlyList<HistogramSeries> series) =>
        Lines(path, title, xLabel, "density", DensityCurves(series));

    /// <summary>The lines of <see cref="Histograms"/>: per bin centre, count / (total · scaled bin width); empty histograms are left out.</summary>
    internal static List<LineSeries> DensityCurves(IReadOnlyList<HistogramSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var lines = new List<LineSeries>();
        foreach (var s in series)
        {
            var h = s.Histogram;
            if (h.Bins == 0 || h.Total == 0) continue;
            var x = new double[h.Bins];
            var y = new double[h.Bins];
            for (int i = 0; i < h.Bins; i++)
            {
                double lo = h.Edges[i] * s.Scale, hi = h.Edges[i + 1] * s.Scale;
                x[i] = (lo + hi) / 2;
                y[i] = hi > lo ? h.Counts[i] / (h.Total * (hi - lo)) : double.NaN;
            }
            lines.Add(new LineSeries(s.Label, x, y));
        }
        return lines;
    }

    /// <summary>The learning rate at every step of every level, with dotted lines at level boundaries.</summary>
    public static bool LearningRateTrace(string path, string title, IReadOnlyList<(long Step, double LearningRate)> points,
        IReadOnlyList<long> levelStarts)
    {
        using var plot = LearningRateTracePlot(title, points, levelStarts);
        return plot is not null && Charts.Save(plot, path);
    }

    /// <summary>The chart of <see cref="LearningRateTrace"/> (null if nothing is drawable), for tests and callers that render themselves.</summary>
    internal static Plot? LearningRateTracePlot(string title, IReadOnlyList<(long Step, double LearningRate)> points, IReadOnlyList<long> levelStarts)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(levelStarts);
        var finite = points.Where(p => double.IsFinite(p.LearningRate)).ToArray();
        if (finite.Length == 0) return null;
        var plot = Charts.NewPlot(title, "step (cumulative over levels)", "learning rate");
        var line = plot.Add.Scatter(finite.Select(p => (double)p.Step).ToArray(), finite.Select(p => p.LearningRate).ToArray());
        line.LineWidth = 1.5f;
        line.MarkerSize = 0;
        foreach (long s in levelStarts.Skip(1)) plot.Add.VerticalLine(s - 0.5, 1, Colors.Gray, LinePattern.Dotted);
        double max = finite.Max(p => p.LearningRate);
        plot.Axes.SetLimitsY(0, max > 0 ? max * 1.08 : 1);
        plot.Axes.SetLimitsX(0, Math.Max(1, finite[^1].Step));
        plot.HideLegend();
        return plot;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
    };
}
