using Rewind.Analysis;
using Rewind.Reporting;
using Rewind.Storage;
using ScottPlot;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// The single-neuron report's charts: final objective per sign case and strategy (Paper A Fig. 2a/18; bars with 95 %
/// CI whiskers and the runs as dots, one panel per d, which no shared chart draws) and the closed-form 1-D dynamics
/// (§2.1; the shared line chart of <see cref="StudyCharts"/>). Both are written atomically.
/// </summary>
internal static class SingleNeuronPlots
{
    private static readonly Color ImpColor = Color.FromHex("#d62728");
    private static readonly Color LrrColor = Color.FromHex("#1f77b4");

    /// <summary>One panel per d: bars = mean final objective with 95 % CI, dots = runs, dashed = σ²/2, dotted = zero predictor.</summary>
    public static void SaveObjective(SingleNeuronResult result, string path)
    {
        var dims = result.Options.Dims;
        int columns = Math.Min(dims.Count, 4);
        int rows = (dims.Count + columns - 1) / columns;
        var panels = dims.Select(d => ObjectivePanel(result, d)).ToList();
        try
        {
            var multiplot = new Multiplot(panels[0]);
            foreach (var panel in panels.Skip(1))
            {
                multiplot.AddPlot(panel);
            }

            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
            AtomicFile.WriteAllBytes(path, multiplot.Render(470 * columns, 540 * rows).GetImageBytes(ImageFormat.Png));
        }
        finally
        {
            panels.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Closed-form w(t) of the balanced one-input neuron for the four sign cases (lines) with RK4 checks (circles).</summary>
    public static void SaveDynamics(string path)
    {
        using var plot = DynamicsPlot();
        Charts.Save(plot, path);
    }

    /// <summary>The chart of <see cref="SaveDynamics"/>: the shared line chart, legend moved to the empty lower right.</summary>
    internal static Plot DynamicsPlot()
    {
        var plot = StudyCharts.LinesPlot(DynamicsTitle, "gradient-flow time t", "w(t)   (a(t) = sign(a(0))·|w(t)|)", DynamicsSeries())
                   ?? throw new InvalidOperationException("the dynamics curves are finite by construction");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>The title of <c>plots/dynamics.png</c>.</summary>
    internal const string DynamicsTitle = "Balanced one-input neuron, x ~ N(0,1), y = ReLU(x): closed-form w(t) (lines) vs RK4 (circles)";

    /// <summary>
    /// The curves of <see cref="SaveDynamics"/>: per sign case the closed form at 401 times in [0, 20] and RK4 at 8 of
    /// them. Population coefficients for x ~ N(0, 1) and y = ReLU(x): active on x &gt; 0, C1 = C2 = 1/2; on x &lt; 0,
    /// C1 = 1/2, C2 = 0 (ALGORITHMS.md §5.10).
    /// </summary>
    internal static IReadOnlyList<LineSeries> DynamicsSeries()
    {
        const double c1 = 0.5, c2Positive = 0.5, c2Negative = 0.0, tMax = 20;
        const int points = 400;
        var cases = new (string Label, double W0, double C2Tilde)[]
        {
            ("a(0)>0, w(0)=+0.5: C2eff = +C2, w → √(C2/C1) = 1 (learns)", 0.5, +c2Positive),
            ("a(0)<0, w(0)=+0.5: C2eff = −C2, w → 0 exponentially (fails)", 0.5, -c2Positive),
            ("a(0)>0, w(0)=−0.5: C2eff = 0, w → 0⁻ like 1/√t (fails)", -0.5, c2Negative),
            ("a(0)<0, w(0)=−0.7: the same, sign of a(0) irrelevant (fails)", -0.7, -c2Negative),
        };
        var ts = Enumerable.Range(0, points + 1).Select(i => tMax * i / points).ToArray();
        var checkTs = Enumerable.Range(1, 8).Select(i => tMax * i / 8).ToArray();
        return cases.Select(c => new LineSeries(
            c.Label,
            ts,
            ts.Select(t => SingleNeuronDynamics.ClosedForm(c.W0, c1, c.C2Tilde, t)).ToArray(),
            PointX: checkTs,
            PointY: checkTs.Select(t => SingleNeuronDynamics.IntegrateRk4(c.W0, c1, c.C2Tilde, t, 2000)).ToArray())).ToList();
    }

    /// <summary>The panel of dimension <paramref name="d"/> in <see cref="SaveObjective"/> (for tests and callers that render themselves).</summary>
    internal static Plot ObjectivePanel(SingleNeuronResult result, int d)
    {
        var plot = Charts.NewPlot($"d = {d}", "initial signs; dots = single runs", "final objective (mean ± 95% CI)");
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        double floor = result.Options.NoiseVariance / 2;
        double zero = result.Summary.Where(r => r.Dimension == d).Average(r => r.MeanZeroPredictorLoss);
        for (int c = 0; c < SingleNeuronLabels.SignCases.Length; c++)
        {
            var signCase = SingleNeuronLabels.SignCases[c];
            ticks.Add(new Tick(c * 3 + 0.5, $"a{(SingleNeuronLabels.SignOfA(signCase) > 0 ? ">" : "<")}0\nw1{(SingleNeuronLabels.SignOfW1(signCase) > 0 ? ">" : "<")}0", true));
            for (int s = 0; s < SingleNeuronLabels.Strategies.Length; s++)
            {
                var strategy = SingleNeuronLabels.Strategies[s];
                var row = result.Summary.Single(r => r.Dimension == d && r.SignCase == signCase && r.Strategy == strategy);
                var color = strategy == SingleNeuronStrategy.Imp ? ImpColor : LrrColor;
                double x = (c * 3) + s;
                bars.Add(new Bar
                {
                    Position = x,
                    Value = row.MeanObjective,
                    Error = row.CiHalfWidth,
                    FillColor = color.WithAlpha(0.55),
                    LineColor = color,
                    Size = 0.85,
                });
                var ys = result.Runs.Where(r => r.Dimension == d && r.SignCase == signCase && r.Strategy == strategy)
                    .Select(r => r.FinalLoss).ToArray();
                var xs = ys.Select((_, i) => x - 0.25 + (0.5 * i / Math.Max(1, ys.Length - 1))).ToArray();
                plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 4, color.Darken(0.4));
            }
        }

        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(floor, 1.5f, Colors.Black, LinePattern.Dashed);
        plot.Add.HorizontalLine(zero, 1.5f, Colors.Gray, LinePattern.Dotted);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        // Room above the data for the legend (upper left).
        double top = result.Runs.Where(r => r.Dimension == d).Select(r => r.FinalLoss)
            .Concat(result.Summary.Where(r => r.Dimension == d).Select(r => r.MeanObjective + r.CiHalfWidth)).Max();
        plot.Axes.SetLimits(-0.8, (SingleNeuronLabels.SignCases.Length * 3) - 1.2, 0, Math.Max(top, zero) * 1.55);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "IMP (mean, 95% CI)", FillColor = ImpColor.WithAlpha(0.55) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "LRR (mean, 95% CI)", FillColor = LrrColor.WithAlpha(0.55) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "σ²/2", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 1.5f });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "predict 0", LineColor = Colors.Gray, LinePattern = LinePattern.Dotted, LineWidth = 1.5f });
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return plot;
    }
}
