using Rewind.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace Rewind.Tests.Reporting;

public sealed class StudyChartsTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static LineSeries[] PeaksAndReference() =>
    [
        // Rising, so that the legend (upper left) covers no point.
        new("oracle", [0, 1, 2, 3], [0.04, 0.05, 0.08, 0.1], Lower: [0.03, 0.04, 0.06, 0.08], Upper: [0.05, 0.07, 0.1, 0.12]),
        new("silo", [0, 1, 2, 3], [0.06, 0.07, 0.09, 0.12], Dashed: true, PointX: [1.5, 2.5], PointY: [0.02, 0.02]),
    ];

    [Fact]
    public void Lines_draw_each_series_with_its_band_points_and_pattern_where_the_data_says()
    {
        string path = _tmp["plots/peaks.png"];
        Assert.True(StudyCharts.Lines(path, "peaks", "level", "peak", PeaksAndReference()));

        using var plot = StudyCharts.LinesPlot("peaks", "level", "peak", PeaksAndReference())!;
        var lines = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(["oracle", "silo"], lines.Select(l => l.LegendText));
        Assert.Equal([0.06, 0.07, 0.09, 0.12], lines[1].Data.GetScatterPoints().Select(c => c.Y));
        Assert.Equal(LinePattern.Dashed, lines[1].LinePattern);
        Assert.Equal(LinePattern.Solid, lines[0].LinePattern);
        Assert.Single(plot.GetPlottables<FillY>()); // only the oracle has an interval
        var points = Assert.Single(plot.GetPlottables<Markers>());
        Assert.Equal(lines[1].Color, points.MarkerStyle.LineColor); // the points take the colour of their line
        Assert.True(plot.Legend.IsVisible);

        ChartImage.AssertSeriesAtTheirPoints(path, plot, lines, offset: 0.006);
        ChartImage.AssertDrawnAt(path, plot, [new(1.5, 0.02), new(2.5, 0.02)], lines[1].Color, "silo points", offset: 0.01, radius: 5);
    }

    [Fact]
    public void Lines_on_a_log_scale_plot_log10_of_y_and_label_ticks_with_y_itself()
    {
        using var plot = StudyCharts.LinesPlot("t", "level", "σ", [new LineSeries("σ", [0, 1, 2], [1e-3, 1e-2, double.NaN])], logY: true)!;
        plot.RenderInMemory(Charts.Width, Charts.Height);
        var line = Assert.Single(plot.GetPlottables<Scatter>());
        Assert.Equal([-3.0, -2.0], line.Data.GetScatterPoints().Select(c => Math.Round(c.Y, 12))); // NaN skipped
        Assert.Contains(plot.Axes.Left.TickGenerator.Ticks, t => t.Label == "0.01");
        Assert.False(plot.Legend.IsVisible); // one series needs no legend
    }

    [Fact]
    public void Lines_with_nothing_drawable_write_nothing_and_return_false()
    {
        string path = _tmp["none.png"];
        Assert.False(StudyCharts.Lines(path, "t", "x", "y", [new LineSeries("a", [0, 1], [double.NaN, double.NaN])]));
        Assert.False(StudyCharts.Lines(path, "t", "x", "y", [new LineSeries("a", [1], [-1])], logY: true));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Histograms_become_densities_over_bin_centres_scaled_along_x()
    {
        var h = new Histogram([0.0, 1.0, 3.0], [1, 3]);
        var curves = StudyCharts.DensityCurves([new("g", h), new("update", h, Scale: 2), new("empty", new Histogram([0.0, 1.0], [0]))]);

        Assert.Equal(["g", "update"], curves.Select(c => c.Label));
        Assert.Equal([0.5, 2.0], curves[0].X);
        Assert.Equal([0.25, 0.375], curves[0].Y); // 1/(4·1), 3/(4·2): the area is 1
        Assert.Equal([1.0, 4.0], curves[1].X);
        Assert.Equal([0.125, 0.1875], curves[1].Y);
    }

    [Fact]
    public void Learning_rate_trace_starts_at_zero_marks_level_starts_and_draws_the_rate()
    {
        string path = _tmp["lr.png"];
        (long, double)[] points = [.. Enumerable.Range(0, 40).Select(s => ((long)s, s < 20 ? 0.1 * (20 - s) / 20 : 0.05 * (40 - s) / 20))];
        Assert.True(StudyCharts.LearningRateTrace(path, "lr", points, [0, 20]));

        using var plot = StudyCharts.LearningRateTracePlot("lr", points, [0, 20])!;
        plot.RenderInMemory(Charts.Width, Charts.Height);
        var limits = plot.Axes.GetLimits();
        Assert.Equal((0.0, 0.1 * 1.08), (limits.Bottom, limits.Top));
        Assert.Equal([19.5], plot.GetPlottables<VerticalLine>().Select(v => v.X));
        var line = Assert.Single(plot.GetPlottables<Scatter>());
        ChartImage.AssertDrawnAt(path, plot, line.Data.GetScatterPoints().Where((_, i) => i % 5 == 2), line.Color, "lr", offset: 0.02);
    }
}
