using Rewind.Storage;
using ScottPlot;

namespace Rewind.Reporting;

/// <summary>
/// PNG charts of pruning results (ScottPlot 5, rendered headless). Every method skips non-finite values, writes the
/// file atomically and returns true; if nothing is left to draw it writes nothing and returns false.
/// </summary>
public static class Charts
{
    /// <summary>Width of every chart in pixels.</summary>
    public const int Width = 900;

    /// <summary>Height of every chart in pixels.</summary>
    public const int Height = 560;

    private const int MaxDensityTicks = 13;

    /// <summary>
    /// Test accuracy (%) against density (% of prunable weights remaining) on a log axis that runs from dense on the
    /// left to sparse on the right, as in the lottery-ticket papers. Ticks sit at densities the series actually reach
    /// (thinned so labels do not collide). One line with markers per series; where a point has a positive
    /// <see cref="ChartSeries.CiHalfWidth"/> the 95% interval is drawn as a shaded band (error bars for a
    /// single-point series). Non-positive densities cannot go on a log axis and are skipped.
    /// </summary>
    public static bool AccuracyVsDensity(string path, IReadOnlyList<ChartSeries> series, string title)
    {
        using var plot = AccuracyVsDensityPlot(series, title);
        return plot is not null && Save(plot, path);
    }

    /// <summary>The chart of <see cref="AccuracyVsDensity"/> (null if nothing is drawable), for tests and callers that render themselves.</summary>
    internal static Plot? AccuracyVsDensityPlot(IReadOnlyList<ChartSeries> series, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var cleaned = series
            .Select(s => (s.Label, Points: CleanPoints(s)))
            .Where(s => s.Points.Length > 0)
            .ToArray();
        if (cleaned.Length == 0)
            return null;

        var plot = NewPlot(title, "density (% of prunable weights remaining, log scale)", "test accuracy (%)");
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < cleaned.Length; i++)
        {
            var (label, points) = cleaned[i];
            var color = palette.GetColor(i);
            double[] xs = points.Select(p => Math.Log10(p.Density * 100)).ToArray();
            double[] ys = points.Select(p => p.Mean * 100).ToArray();
            double[] hw = points.Select(p => p.HalfWidth * 100).ToArray();
            if (hw.Any(h => h > 0))
            {
                if (points.Length == 1)
                {
                    var bar = plot.Add.ErrorBar(xs, ys, hw);
                    bar.YErrorPositive = [Math.Clamp(ys[0] + hw[0], 0, 100) - ys[0]];
                    bar.YErrorNegative = [ys[0] - Math.Clamp(ys[0] - hw[0], 0, 100)];
                    bar.Color = color;
                    bar.LineWidth = 1.5f;
                }
                else
                {
                    // An accuracy interval past 0% or 100% says nothing more than "up to the bound": clip it.
                    var band = plot.Add.FillY(
                        xs,
                        ys.Zip(hw, (y, h) => Math.Clamp(y - h, 0, 100)).ToArray(),
                        ys.Zip(hw, (y, h) => Math.Clamp(y + h, 0, 100)).ToArray());
                    band.FillColor = color.WithAlpha(0.18);
                    band.LineWidth = 0;
                }
            }
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        double[] densities = cleaned.SelectMany(s => s.Points.Select(p => p.Density * 100)).ToArray();
        double hi = Math.Log10(densities.Max()), lo = Math.Log10(densities.Min());
        double pad = Math.Max((hi - lo) * 0.04, 0.05);
        plot.Axes.Bottom.TickGenerator = DensityTicks(densities, hi - lo);
        plot.Axes.SetLimitsX(hi + pad, lo - pad); // left > right: dense on the left, sparse on the right

        var (yLo, yHi) = PaddedRange(cleaned.SelectMany(s => s.Points.SelectMany(p => new[]
            { p.Mean * 100, Math.Clamp(p.Mean - p.HalfWidth, 0, 1) * 100, Math.Clamp(p.Mean + p.HalfWidth, 0, 1) * 100 })),
            minSpan: 1);
        plot.Axes.SetLimitsY(yLo, yHi);
        if (cleaned.Length > 1)
            plot.ShowLegend(Edge.Bottom); // outside the data: the dense point sits in the lower left
        else
            plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// Test accuracy (%) per epoch over all levels of one run, against the cumulative epoch (1, 2, … across levels),
    /// with train accuracy dashed, dotted vertical lines at level boundaries and the learning rate on a right axis.
    /// </summary>
    public static bool TrainingCurves(string path, IReadOnlyList<EpochMetrics> epochs, string title)
    {
        using var plot = TrainingCurvesPlot(epochs, title);
        return plot is not null && Save(plot, path);
    }

    /// <summary>The chart of <see cref="TrainingCurves"/> (null if nothing is drawable), for tests and callers that render themselves.</summary>
    internal static Plot? TrainingCurvesPlot(IReadOnlyList<EpochMetrics> epochs, string title)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var ordered = epochs.OrderBy(e => e.Level).ThenBy(e => e.Epoch).ThenBy(e => e.Step).ToArray();
        if (!ordered.Any(e => double.IsFinite(e.TestAccuracy)))
            return null;

        var plot = NewPlot(title, "epoch (cumulative over levels)", "accuracy (%)");
        var palette = new ScottPlot.Palettes.Category10();
        // The network is rewound at each level, so lines break at level boundaries instead of joining them.
        var segments = ordered
            .Select((e, i) => (e.Level, Index: i))
            .GroupBy(p => p.Level)
            .Select(g => (Level: g.Key, First: g.Min(p => p.Index), Last: g.Max(p => p.Index)))
            .ToArray();
        double[] xs = Enumerable.Range(1, ordered.Length).Select(i => (double)i).ToArray();
        var accuracyColor = palette.GetColor(0);
        var lrColor = palette.GetColor(1);
        bool showMarkers = ordered.Length <= 120;

        AddPerLevelLines(plot, segments, xs, ordered.Select(e => e.TestAccuracy * 100).ToArray(), "test accuracy", line =>
        {
            line.Color = accuracyColor;
            line.LineWidth = 2;
            line.MarkerSize = showMarkers ? 4 : 0;
        });
        AddPerLevelLines(plot, segments, xs, ordered.Select(e => e.TrainAccuracy * 100).ToArray(), "train accuracy", line =>
        {
            line.Color = accuracyColor.WithAlpha(0.55);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
        });

        var accuracies = ordered.SelectMany(e => new[] { e.TestAccuracy * 100, e.TrainAccuracy * 100 });
        var (yLo, yHi) = PaddedRange(accuracies, minSpan: 1);
        yHi += (yHi - yLo) * 0.06; // headroom for the level labels
        plot.Axes.SetLimits(0.5, ordered.Length + 0.5, yLo, yHi);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        var rightAxis = plot.Axes.Right;
        bool anyLr = AddPerLevelLines(plot, segments, xs, ordered.Select(e => e.LearningRate).ToArray(), "learning rate (right axis)", line =>
        {
            line.Color = lrColor.WithAlpha(0.8);
            line.LineWidth = 1.2f;
            line.MarkerSize = 0;
            line.Axes.YAxis = rightAxis;
        });
        if (anyLr)
        {
            rightAxis.Label.Text = "learning rate";
            var (lrLo, lrHi) = PaddedRange(ordered.Select(e => e.LearningRate), minSpan: 0);
            if (lrHi <= lrLo)
                (lrLo, lrHi) = (lrLo - Math.Max(Math.Abs(lrLo) * 0.1, 1e-6), lrHi + Math.Max(Math.Abs(lrHi) * 0.1, 1e-6));
            plot.Axes.SetLimitsY(Math.Min(0, lrLo), lrHi, rightAxis);
        }

        foreach (var (level, first, last) in segments)
        {
            if (last < ordered.Length - 1)
                plot.Add.VerticalLine(xs[last] + 0.5, 1, Colors.Gray, LinePattern.Dotted);
            if (segments.Length <= 24)
            {
                var text = plot.Add.Text($"L{level}", (xs[first] + xs[last]) / 2.0, yHi);
                text.Alignment = Alignment.UpperCenter;
                text.LabelFontSize = 11;
                text.LabelFontColor = Colors.DimGray;
            }
        }

        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>
    /// Density (% remaining, log scale) of each prunable layer against pruning level, one line per layer, to spot
    /// layer collapse. A layer at density 0 cannot sit on a log axis: it is drawn on a floor line labelled
    /// "0% (collapsed)" below the smallest positive density.
    /// </summary>
    public static bool PerLayerDensity(
        string path, IReadOnlyList<(string Layer, double[] DensityPerLevel)> layers, string title)
    {
        using var plot = PerLayerDensityPlot(layers, title);
        return plot is not null && Save(plot, path);
    }

    /// <summary>The chart of <see cref="PerLayerDensity"/> (null if nothing is drawable), for tests and callers that render themselves.</summary>
    internal static Plot? PerLayerDensityPlot(IReadOnlyList<(string Layer, double[] DensityPerLevel)> layers, string title)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var values = layers.SelectMany(l => l.DensityPerLevel).Where(d => double.IsFinite(d) && d >= 0).ToArray();
        if (values.Length == 0)
            return null;

        double[] positive = values.Where(d => d > 0).Select(d => d * 100).ToArray();
        double top = positive.Length > 0 ? Math.Log10(positive.Max()) : 2;
        double bottom = positive.Length > 0 ? Math.Log10(positive.Min()) : 2;
        bool anyCollapsed = values.Any(d => d == 0);
        double floor = bottom - Math.Max((top - bottom) * 0.12, 0.3);

        var plot = NewPlot(title, "pruning level", "layer density (% remaining, log scale)");
        IPalette palette = layers.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        int maxLevels = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            var (name, densities) = layers[i];
            var pts = densities
                .Select((d, level) => (Level: (double)level, D: d))
                .Where(p => double.IsFinite(p.D) && p.D >= 0)
                .ToArray();
            if (pts.Length == 0)
                continue;
            maxLevels = Math.Max(maxLevels, densities.Length);
            var line = plot.Add.Scatter(
                pts.Select(p => p.Level).ToArray(),
                pts.Select(p => p.D > 0 ? Math.Log10(p.D * 100) : floor).ToArray(),
                palette.GetColor(i));
            line.LegendText = name;
            line.LineWidth = 1.5f;
            line.MarkerSize = 5;
            line.MarkerShape = MarkerShapes[i / palette.Colors.Length % MarkerShapes.Length];
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double[] tickPercents = OneTwoFive(bottom, top).ToArray();
        if (tickPercents.Length < 3 && top > bottom)
            tickPercents = Enumerable.Range(0, 5).Select(i => Math.Pow(10, bottom + (top - bottom) * i / 4)).ToArray();
        foreach (double p in tickPercents.DefaultIfEmpty(Math.Pow(10, top)))
            ticks.AddMajor(Math.Log10(p), PercentFormat.Density(p / 100) + "%");
        if (anyCollapsed)
            ticks.AddMajor(floor, "0% (collapsed)");
        plot.Axes.Left.TickGenerator = ticks;
        double span = top - (anyCollapsed ? floor : bottom);
        double yPad = Math.Max(span * 0.05, 0.05);
        plot.Axes.SetLimitsY((anyCollapsed ? floor : bottom) - yPad, top + yPad);

        int step = Math.Max(1, (int)Math.Ceiling(maxLevels / 15.0));
        var levelTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int level = 0; level < maxLevels; level += step)
            levelTicks.AddMajor(level, level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = levelTicks;
        plot.Axes.SetLimitsX(-0.3, Math.Max(maxLevels - 1, 0) + 0.3);

        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static readonly MarkerShape[] MarkerShapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    /// <summary>A sans-serif family that is installed (ScottPlot's default falls back to a serif face on Linux).</summary>
    private static readonly Lazy<string> SansFont = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }.FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, false, false)?.FamilyName, f, StringComparison.OrdinalIgnoreCase))
        ?? Fonts.Sans);

    /// <summary>Characters of a title line that fit the chart's width at the title's font size.</summary>
    public const int TitleLineCharacters = 95;

    /// <summary>
    /// <paramref name="title"/> on lines of at most <paramref name="width"/> characters where it can be broken: after an
    /// em dash, a colon or a comma, else at a space (a study's title names the study, the model and the dataset, and
    /// one line of 900 pixels cut it off).
    /// </summary>
    public static string WrapTitle(string title, int width = TitleLineCharacters)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lines = new List<string>();
        string rest = title.Trim();
        while (rest.Length > width)
        {
            int cut = -1;
            foreach (var mark in new[] { " — ", ": ", ", " })
            {
                int at = rest.LastIndexOf(mark, width, StringComparison.Ordinal);
                if (at > width / 3) { cut = at + mark.Length - 1; break; }
            }
            if (cut < 0) cut = rest.LastIndexOf(' ', width);
            if (cut <= 0) break; // one word longer than a line: leave it whole
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        lines.Add(rest);
        return string.Join("\n", lines);
    }

    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansFont.Value);
        plot.Title(WrapTitle(title));
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    internal static bool Save(Plot plot, string path)
    {
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
        return true;
    }

    private static (double Density, double Mean, double HalfWidth)[] CleanPoints(ChartSeries s)
    {
        int n = Math.Min(s.Density.Length, s.Mean.Length);
        var points = new List<(double, double, double)>(n);
        for (int i = 0; i < n; i++)
        {
            double d = s.Density[i], m = s.Mean[i];
            double h = i < s.CiHalfWidth.Length && double.IsFinite(s.CiHalfWidth[i]) && s.CiHalfWidth[i] > 0
                ? s.CiHalfWidth[i]
                : 0;
            if (double.IsFinite(d) && d > 0 && double.IsFinite(m))
                points.Add((d, m, h));
        }
        return points.ToArray();
    }

    /// <summary>
    /// One line per level through that level's finite points (NaN would break scaling), styled alike, with the legend
    /// entry on the first. False if no point is finite.
    /// </summary>
    private static bool AddPerLevelLines(
        Plot plot,
        (int Level, int First, int Last)[] segments,
        double[] xs,
        double[] ys,
        string legend,
        Action<ScottPlot.Plottables.Scatter> style)
    {
        bool any = false;
        foreach (var (_, first, last) in segments)
        {
            var keep = Enumerable.Range(first, last - first + 1).Where(i => double.IsFinite(ys[i])).ToArray();
            if (keep.Length == 0)
                continue;
            var line = plot.Add.Scatter(keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
            style(line);
            if (keep.Length == 1 && line.MarkerSize == 0)
                line.MarkerSize = 4; // a one-point line is invisible
            if (!any)
                line.LegendText = legend;
            any = true;
        }
        return any;
    }

    private static (double Lo, double Hi) PaddedRange(IEnumerable<double> values, double minSpan)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
            return (0, 1);
        double lo = finite.Min(), hi = finite.Max();
        if (hi - lo < minSpan)
        {
            double mid = (lo + hi) / 2;
            (lo, hi) = (mid - minSpan / 2, mid + minSpan / 2);
        }
        double pad = (hi - lo) * 0.08;
        return (lo - pad, hi + pad);
    }

    /// <summary>
    /// Ticks at the densities (percent) that occur, densest first, keeping a tick only if it is far enough (in
    /// decades) from the previous kept one; the sparsest density is always labelled.
    /// </summary>
    private static ScottPlot.TickGenerators.NumericManual DensityTicks(IEnumerable<double> densityPercents, double decades)
    {
        double minGap = Math.Max(decades / MaxDensityTicks, 1e-9);
        var distinct = densityPercents.Select(Math.Log10).OrderDescending().ToArray();
        var kept = new List<double>();
        foreach (double x in distinct)
        {
            if (kept.Count == 0 || kept[^1] - x >= minGap)
                kept.Add(x);
        }
        double sparsest = distinct[^1];
        if (kept[^1] != sparsest)
        {
            if (kept.Count > 1)
                kept.RemoveAt(kept.Count - 1);
            kept.Add(sparsest);
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double x in kept)
            ticks.AddMajor(x, PercentFormat.Density(Math.Pow(10, x) / 100) + "%");
        return ticks;
    }

    /// <summary>The values 1, 2, 5 × 10^k (percent) lying between two log10 bounds, plus one each side if few.</summary>
    private static IEnumerable<double> OneTwoFive(double log10Lo, double log10Hi)
    {
        for (int k = (int)Math.Floor(log10Lo) - 1; k <= (int)Math.Ceiling(log10Hi); k++)
        {
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
            {
                double v = m * Math.Pow(10, k);
                double x = Math.Log10(v);
                if (x >= log10Lo - 1e-9 && x <= log10Hi + 1e-9 && v <= 100 + 1e-9)
                    yield return v;
            }
        }
    }
}
