using Rewind.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace Rewind.Tests.Reporting;

public sealed class ChartsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _dir = Directory.CreateTempSubdirectory("rewind-charts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static ChartSeries[] TwoStrategies()
    {
        double[] density = Enumerable.Range(0, 12).Select(l => Math.Pow(0.8, l)).ToArray();
        return
        [
            new("imp (n=3)", density, density.Select((d, l) => 0.98 - 0.002 * l * l / 10).ToArray(), density.Select(_ => 0.002).ToArray()),
            new("lrr (n=3)", density, density.Select((d, l) => 0.981 - 0.001 * l * l / 10).ToArray(), density.Select(_ => 0.0015).ToArray()),
        ];
    }

    internal static EpochMetrics[] ThreeLevelsOfFourEpochs() =>
        Enumerable.Range(0, 3).SelectMany(level => Enumerable.Range(1, 4).Select(epoch => new EpochMetrics(
            level, epoch, epoch * 469L, epoch <= 2 ? 0.1 : 0.01, 1.0 / epoch, 0.9 + 0.02 * epoch,
            0.5 / epoch, 0.88 + 0.02 * epoch - 0.01 * level, 6.0))).ToArray();

    [Fact]
    public void A_long_title_is_broken_after_its_dash_and_a_short_one_is_left_alone()
    {
        const string title = "Iterative criteria (Paper A §5.9): IMP and LRR with magnitude, SNIP and SynFlow — lenet-300-100 on fashion-mnist";
        Assert.Equal("Iterative criteria (Paper A §5.9): IMP and LRR with magnitude, SNIP and SynFlow —\nlenet-300-100 on fashion-mnist",
            Charts.WrapTitle(title, 85));
        Assert.Equal("a b —\nc d", Charts.WrapTitle("a b — c d", 6));
        Assert.Equal("one two\nthree", Charts.WrapTitle("one two three", 8)); // no dash, colon or comma: a space
        Assert.Equal("LeNet on Fashion-MNIST", Charts.WrapTitle("LeNet on Fashion-MNIST"));
        Assert.Equal("unbreakable-title-longer-than-a-line", Charts.WrapTitle("unbreakable-title-longer-than-a-line", 10));
        Assert.All(Charts.WrapTitle(title).Split('\n'), line => Assert.True(line.Length <= Charts.TitleLineCharacters + 2, line));
    }

    private void AssertIsPng(string path)
    {
        Assert.True(File.Exists(path), path);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"suspiciously small PNG: {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        // IHDR: width and height, big-endian, at offsets 16 and 20.
        Assert.Equal(Charts.Width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(Charts.Height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Accuracy_vs_density_writes_a_900_by_560_png()
    {
        string path = Path.Combine(_dir, "plots", "accuracy-vs-density.png");

        Assert.True(Charts.AccuracyVsDensity(path, TwoStrategies(), "MNIST LeNet-300-100"));

        AssertIsPng(path);
    }

    [Fact]
    public void Accuracy_vs_density_draws_one_line_per_series_at_its_points_in_the_png()
    {
        string path = Path.Combine(_dir, "lines.png");
        var series = TwoStrategies();
        Assert.True(Charts.AccuracyVsDensity(path, series, "t"));

        using var plot = Charts.AccuracyVsDensityPlot(series, "t")!;
        var lines = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(["imp (n=3)", "lrr (n=3)"], lines.Select(l => l.LegendText));
        Assert.NotEqual(lines[0].Color, lines[1].Color);
        for (int i = 0; i < 2; i++)
        {
            // x = log10(density %), y = accuracy %.
            Assert.Equal(series[i].Density.Select(d => Math.Log10(d * 100)), lines[i].Data.GetScatterPoints().Select(c => c.X));
            Assert.Equal(series[i].Mean.Select(m => m * 100), lines[i].Data.GetScatterPoints().Select(c => c.Y));
        }
        Assert.Equal(2, plot.GetPlottables<FillY>().Count()); // one 95% band per series
        // 0.6 accuracy points above each point there is no line of that colour (the lines are 0.1–1.2 points apart).
        ChartImage.AssertSeriesAtTheirPoints(path, plot, lines, offset: 0.6);
    }

    [Fact]
    public void Accuracy_vs_density_runs_from_dense_on_the_left_to_sparse_on_the_right_on_a_log_axis()
    {
        using var plot = Charts.AccuracyVsDensityPlot(TwoStrategies(), "t")!;
        plot.RenderInMemory(Charts.Width, Charts.Height); // rendering must not auto-scale the axis back

        var limits = plot.Axes.GetLimits();
        Assert.True(limits.Left > limits.Right, $"x axis not reversed: {limits.Left} .. {limits.Right}");
        Assert.InRange(Math.Log10(100), limits.Right, limits.Left);
        Assert.InRange(Math.Log10(100 * Math.Pow(0.8, 11)), limits.Right, limits.Left);
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks;
        Assert.Equal("100%", ticks[0].Label);
        Assert.Equal(2, ticks[0].Position, 12);
        Assert.Equal("8.59%", ticks[^1].Label); // 0.8^11 = 8.59%, the sparsest level, always labelled
        Assert.Contains(ticks, t => t.Label == "51.2%");
        Assert.InRange(ticks.Length, 5, 13);
    }

    [Fact]
    public void Accuracy_vs_density_keeps_interval_bands_inside_zero_to_one_hundred_percent()
    {
        using var plot = Charts.AccuracyVsDensityPlot([new("imp", [1.0, 0.5], [0.995, 0.99], [0.02, 0.02])], "t")!;
        plot.RenderInMemory(Charts.Width, Charts.Height);

        Assert.True(plot.Axes.GetLimits().Top < 101, $"top {plot.Axes.GetLimits().Top}");
    }

    [Fact]
    public void Accuracy_vs_density_draws_a_single_point_with_an_interval()
    {
        string path = Path.Combine(_dir, "one.png");

        Assert.True(Charts.AccuracyVsDensity(path, [new("imp", [1.0], [0.97], [0.004])], "one level"));

        AssertIsPng(path);
        using var plot = Charts.AccuracyVsDensityPlot([new("imp", [1.0], [0.97], [0.004])], "one level")!;
        var bar = Assert.Single(plot.GetPlottables<ErrorBar>());
        Assert.Equal(0.4, bar.YErrorPositive![0], 1e-12);
        Assert.Equal(0.4, bar.YErrorNegative![0], 1e-12);
        Assert.Empty(plot.GetPlottables<FillY>());
        ChartImage.AssertSeriesAtTheirPoints(path, plot, plot.GetPlottables<Scatter>(), offset: 0.5); // beyond the ±0.4 whisker
    }

    [Fact]
    public void Accuracy_vs_density_skips_nan_and_zero_density_points()
    {
        string path = Path.Combine(_dir, "nan.png");
        var series = new ChartSeries("imp", [1.0, 0.8, 0.0, 0.64], [0.97, double.NaN, 0.5, 0.96], [0, 0, 0, double.NaN]);

        Assert.True(Charts.AccuracyVsDensity(path, [series], "with gaps"));

        AssertIsPng(path);
        using var plot = Charts.AccuracyVsDensityPlot([series], "with gaps")!;
        var line = Assert.Single(plot.GetPlottables<Scatter>());
        var points = line.Data.GetScatterPoints();
        Assert.Equal(2, points.Count); // 100% and 64%; NaN accuracy (80%) and zero density are left out
        Assert.Equal((2.0, 97.0), (points[0].X, points[0].Y));
        Assert.Equal(Math.Log10(64), points[1].X, 12);
        Assert.Equal(96.0, points[1].Y, 12);
        ChartImage.AssertSeriesAtTheirPoints(path, plot, [line], offset: -0.4);
    }

    [Fact]
    public void Accuracy_vs_density_with_nothing_drawable_writes_nothing_and_returns_false()
    {
        string path = Path.Combine(_dir, "empty.png");

        Assert.False(Charts.AccuracyVsDensity(path, [], "empty"));
        Assert.False(Charts.AccuracyVsDensity(path, [new("imp", [], [], [])], "no points"));
        Assert.False(Charts.AccuracyVsDensity(path, [new("imp", [1.0], [double.NaN], [0])], "all NaN"));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Training_curves_write_a_png()
    {
        string path = Path.Combine(_dir, "training-curves.png");

        Assert.True(Charts.TrainingCurves(path, ThreeLevelsOfFourEpochs(), "run imp seed 0"));

        AssertIsPng(path);
    }

    [Fact]
    public void Training_curves_break_at_levels_and_put_the_learning_rate_on_the_right_axis()
    {
        string path = Path.Combine(_dir, "curves.png");
        var epochs = ThreeLevelsOfFourEpochs();
        Assert.True(Charts.TrainingCurves(path, epochs, "t"));

        using var plot = Charts.TrainingCurvesPlot(epochs, "t")!;
        plot.RenderInMemory(Charts.Width, Charts.Height);
        var lines = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(9, lines.Length); // test accuracy, train accuracy and learning rate, one line per level each
        Assert.Equal(["test accuracy", "train accuracy", "learning rate (right axis)"], lines.Select(l => l.LegendText).Where(t => t.Length > 0));
        var test = lines.Take(3).ToArray();
        Assert.All(test.Select((l, level) => (l, level)), x => Assert.Equal(
            epochs.Where(e => e.Level == x.level).Select(e => e.TestAccuracy * 100), x.l.Data.GetScatterPoints().Select(c => c.Y)));
        Assert.Equal([1.0, 2, 3, 4], test[0].Data.GetScatterPoints().Select(c => c.X)); // cumulative epochs
        Assert.Equal([5.0, 6, 7, 8], test[1].Data.GetScatterPoints().Select(c => c.X));
        Assert.All(lines.Skip(6), l => Assert.Same(plot.Axes.Right, l.Axes.YAxis));
        Assert.Equal([4.5, 8.5], plot.GetPlottables<VerticalLine>().Select(v => v.X)); // level boundaries
        var limits = plot.Axes.GetLimits();
        Assert.Equal((0.5, 12.5), (limits.Left, limits.Right));
        ChartImage.AssertSeriesAtTheirPoints(path, plot, test, offset: 1.5);
    }

    [Fact]
    public void Training_curves_of_a_single_epoch_write_a_png()
    {
        string path = Path.Combine(_dir, "one-epoch.png");

        Assert.True(Charts.TrainingCurves(path, [new EpochMetrics(0, 1, 469, 0.1, 0.3, 0.9, 0.2, 0.93, 5)], "one epoch"));

        AssertIsPng(path);
    }

    [Fact]
    public void Training_curves_without_any_test_accuracy_write_nothing_and_return_false()
    {
        string path = Path.Combine(_dir, "none.png");

        Assert.False(Charts.TrainingCurves(path, [], "empty"));
        Assert.False(Charts.TrainingCurves(path, [new EpochMetrics(0, 1, 1, 0.1, double.NaN, 0, double.NaN, double.NaN, 1)], "NaN"));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Per_layer_density_writes_a_png_even_with_a_collapsed_layer()
    {
        string path = Path.Combine(_dir, "per-layer.png");
        double[] levels = Enumerable.Range(0, 10).Select(l => (double)l).ToArray();
        (string, double[])[] layers =
        [
            ("fc1.weight", levels.Select(l => Math.Pow(0.75, l)).ToArray()),
            ("fc2.weight", levels.Select(l => Math.Pow(0.85, l)).ToArray()),
            ("fc3.weight", levels.Select(l => l < 8 ? Math.Pow(0.5, l) : 0).ToArray()),
        ];

        Assert.True(Charts.PerLayerDensity(path, layers, "layer densities"));

        AssertIsPng(path);
        using var plot = Charts.PerLayerDensityPlot(layers, "layer densities")!;
        plot.RenderInMemory(Charts.Width, Charts.Height);
        var lines = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(["fc1.weight", "fc2.weight", "fc3.weight"], lines.Select(l => l.LegendText));
        // y = log10(density %); the collapsed levels 8 and 9 of fc3 sit on the floor tick labelled "0% (collapsed)".
        Assert.Equal(levels.Select(l => Math.Log10(100 * Math.Pow(0.75, l))), lines[0].Data.GetScatterPoints().Select(c => c.Y));
        var floor = plot.Axes.Left.TickGenerator.Ticks.Single(t => t.Label == "0% (collapsed)").Position;
        Assert.Equal([floor, floor], lines[2].Data.GetScatterPoints().Skip(8).Select(c => c.Y));
        Assert.True(floor < Math.Log10(100 * Math.Pow(0.5, 7)));
        ChartImage.AssertSeriesAtTheirPoints(path, plot, lines.Take(1), offset: 0.4, first: 1); // level 0 is 100% for every layer
        ChartImage.AssertSeriesAtTheirPoints(path, plot, lines.Skip(2), offset: -0.2);
    }

    [Fact]
    public void Per_layer_density_with_no_layers_writes_nothing_and_returns_false()
    {
        string path = Path.Combine(_dir, "none.png");

        Assert.False(Charts.PerLayerDensity(path, [], "empty"));
        Assert.False(Charts.PerLayerDensity(path, [("fc1.weight", [double.NaN])], "NaN"));

        Assert.False(File.Exists(path));
    }
}
