using Rewind.Analysis;
using ScottPlot;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>The single-neuron report's charts: final objective per sign case and strategy (Paper A Fig. 2a/18) and the closed-form 1-D dynamics (§2.1).</summary>
internal static class SingleNeuronPlots
{
    private static readonly Color ImpColor = Color.FromHex("#d62728");
    private static readonly Color LrrColor = Color.FromHex("#1f77b4");

    /// <summary>One panel per d: bars = mean final objective with 95 % CI, dots = runs, dashed = σ²/2, dotted = zero predictor.</summary>
    public static void SaveObjective(SingleNeuronResult result, string path)
    {
        var dims = result.Options.Dims;
        var panels = dims.Select(d => ObjectivePanel(result, d)).ToList();
        var multiplot = new Multiplot(panels[0]);
        foreach (var panel in panels.Skip(1))
        {
            multiplot.AddPlot(panel);
        }

        int columns = Math.Min(dims.Count, 4);
        int rows = (dims.Count + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        SingleNeuronFiles.Write(path, tmp => multiplot.SavePng(tmp, 470 * columns, 540 * rows));
    }

    /// <summary>Closed-form w(t) of the balanced one-input neuron for the four sign cases (lines) with RK4 checks (markers).</summary>
    public static void SaveDynamics(string path)
    {
        // Population coefficients for x ~ N(0, 1) and y = ReLU(x): active on x > 0, C1 = C2 = 1/2; on x < 0, C1 = 1/2, C2 = 0.
        const double c1 = 0.5, c2Positive = 0.5, c2Negative = 0.0, tMax = 20;
        var plot = new Plot();
        var cases = new (string Label, double W0, double C2Tilde, Color Color, LinePattern Pattern)[]
        {
            ("a(0)>0, w(0)=+0.5: C2eff = +C2 = 0.5, w → √(C2/C1) = 1 (learns)", 0.5, +c2Positive, Color.FromHex("#2ca02c"), LinePattern.Solid),
            ("a(0)<0, w(0)=+0.5: C2eff = −C2 = −0.5, w → 0 exponentially (fails)", 0.5, -c2Positive, Color.FromHex("#d62728"), LinePattern.Solid),
            ("a(0)>0, w(0)=−0.5: active on x<0, C2eff = 0, w → 0⁻ like 1/√t (fails)", -0.5, c2Negative, Color.FromHex("#1f77b4"), LinePattern.Dashed),
            ("a(0)<0, w(0)=−0.7: the same; the sign of a(0) is irrelevant (fails)", -0.7, -c2Negative, Color.FromHex("#9467bd"), LinePattern.Dotted),
        };
        const int points = 400;
        foreach (var (label, w0, c2Tilde, color, pattern) in cases)
        {
            var ts = Enumerable.Range(0, points + 1).Select(i => tMax * i / points).ToArray();
            var ws = ts.Select(t => SingleNeuronDynamics.ClosedForm(w0, c1, c2Tilde, t)).ToArray();
            var line = plot.Add.ScatterLine(ts, ws, color);
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            line.LegendText = label;
            var checkTs = Enumerable.Range(1, 8).Select(i => tMax * i / 8).ToArray();
            var checkWs = checkTs.Select(t => SingleNeuronDynamics.IntegrateRk4(w0, c1, c2Tilde, t, 2000)).ToArray();
            plot.Add.Markers(checkTs, checkWs, MarkerShape.OpenCircle, 9, color);
        }

        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title("Balanced one-input neuron, x ~ N(0,1), y = ReLU(x): closed-form w(t) (lines) vs RK4 (circles)");
        plot.XLabel("gradient-flow time t");
        plot.YLabel("w(t)   (a(t) = sign(a(0))·|w(t)|)");
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        plot.Axes.SetLimits(0, tMax, -0.8, 1.1);
        SingleNeuronFiles.Write(path, tmp => plot.SavePng(tmp, 1000, 620));
    }

    private static Plot ObjectivePanel(SingleNeuronResult result, int d)
    {
        var plot = new Plot();
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
        plot.Title($"d = {d}");
        plot.XLabel("initial signs; dots = single runs");
        plot.YLabel("final objective (mean ± 95% CI)");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "IMP (mean, 95% CI)", FillColor = ImpColor.WithAlpha(0.55) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "LRR (mean, 95% CI)", FillColor = LrrColor.WithAlpha(0.55) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "σ²/2", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 1.5f });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "predict 0", LineColor = Colors.Gray, LinePattern = LinePattern.Dotted, LineWidth = 1.5f });
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return plot;
    }
}
