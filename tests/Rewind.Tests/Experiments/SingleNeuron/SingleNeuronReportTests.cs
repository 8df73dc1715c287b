using Rewind.Analysis;
using Rewind.Experiments.SingleNeuron;
using Rewind.Reporting;
using Rewind.Tests.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rewind-neuron-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Report_writes_markdown_csv_and_both_plots_atomically()
    {
        var result = SingleNeuronExperiment.Run(new SingleNeuronOptions { Dims = [1, 5], Runs = 2 });
        var written = SingleNeuronReport.Write(result, _dir);

        Assert.Equal(5, written.Count);
        Assert.All(written, p => Assert.True(File.Exists(p), p));
        var csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(1 + result.Runs.Count, csv.Length);
        Assert.StartsWith("d,run,seed,sign_case", csv[0], StringComparison.Ordinal);
        Assert.All(csv, line => Assert.Equal(csv[0].Count(ch => ch == ','), line.Count(ch => ch == ',')));
        foreach (string png in new[] { "objective.png", "dynamics.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, "plots", png));
            Assert.True(bytes.Length > 10_000, $"{png} has {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.Contains("## Claim", md, StringComparison.Ordinal);
        Assert.Contains("| 5 | a>0,w1<0 | LRR |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Objective_panels_show_each_cells_mean_and_interval_and_every_run()
    {
        var result = SingleNeuronExperiment.Run(new SingleNeuronOptions { Dims = [1, 5], Runs = 3, StepsPerLevel = 50 });
        SingleNeuronReport.Write(result, _dir);
        using (var image = ChartImage.Read(Path.Combine(_dir, "plots", "objective.png")))
        {
            Assert.Equal((2 * 470, 540), (image.Width, image.Height)); // one panel per d, side by side
        }

        foreach (int d in result.Options.Dims)
        {
            using var panel = SingleNeuronPlots.ObjectivePanel(result, d);
            var bars = Assert.Single(panel.GetPlottables<BarPlot>()).Bars;
            var cells = result.Summary.Where(r => r.Dimension == d).ToList();
            Assert.Equal(8, bars.Count);
            Assert.Equal(
                cells.OrderBy(r => Array.IndexOf(SingleNeuronLabels.SignCases, r.SignCase)).ThenBy(r => r.Strategy).Select(r => (r.MeanObjective, r.CiHalfWidth)),
                bars.OrderBy(b => b.Position).Select(b => (b.Value, b.Error)));
            var dots = panel.GetPlottables<Markers>().ToArray();
            Assert.Equal(8, dots.Length); // the runs of each cell
            Assert.Equal(
                result.Runs.Where(r => r.Dimension == d).Select(r => r.FinalLoss).Order(),
                dots.SelectMany(m => m.Data.GetScatterPoints().Select(c => c.Y)).Order());
            var references = panel.GetPlottables<HorizontalLine>().Select(h => h.Y).ToArray();
            Assert.Equal([result.Options.NoiseVariance / 2, cells.Average(r => r.MeanZeroPredictorLoss)], references);
        }
    }

    [Fact]
    public void Dynamics_chart_draws_the_closed_form_of_each_sign_case_and_its_RK4_check()
    {
        string path = Path.Combine(_dir, "plots", "dynamics.png");
        SingleNeuronPlots.SaveDynamics(path);

        using var plot = SingleNeuronPlots.DynamicsPlot();
        var curves = plot.GetPlottables<Scatter>().ToArray();
        var checks = plot.GetPlottables<Markers>().ToArray();
        Assert.Equal(4, curves.Length);
        Assert.Equal(4, checks.Length);
        double[] w0 = [0.5, 0.5, -0.5, -0.7], c2 = [0.5, -0.5, 0, 0];
        for (int i = 0; i < 4; i++)
        {
            var points = curves[i].Data.GetScatterPoints();
            Assert.Equal(401, points.Count);
            Assert.Equal(SingleNeuronDynamics.ClosedForm(w0[i], 0.5, c2[i], 5.0), points[100].Y);
            Assert.Equal(curves[i].Color, checks[i].MarkerStyle.LineColor);
            Assert.All(checks[i].Data.GetScatterPoints(), p => Assert.Equal(SingleNeuronDynamics.ClosedForm(w0[i], 0.5, c2[i], p.X), p.Y, 1e-6));
        }

        // In the PNG: the learning and the a(0) < 0 curves everywhere, the two w(0) < 0 curves while they are apart (t ≤ 4).
        for (int i = 0; i < 4; i++)
        {
            var (step, tMax, offset) = i < 2 ? (40, 20.0, 0.15) : (20, 4.0, -0.1);
            var sample = curves[i].Data.GetScatterPoints().Where((p, k) => k % step == 0 && p.X <= tMax);
            ChartImage.AssertDrawnAt(path, plot, sample, curves[i].Color, curves[i].LegendText, offset);
        }
    }

    [Fact]
    public void Claim_section_states_the_verdict_computed_from_the_data()
    {
        var held = SingleNeuronExperiment.Run(new SingleNeuronOptions
        {
            Dims = [5],
            Runs = 2,
            NoiseVariance = 0,
            Samples = 400,
            Optimizer = SingleNeuronOptimizer.GradientDescent,
            LearningRate = 0.5,
            StepsPerLevel = 600,
        });
        Assert.Equal(SingleNeuronVerdict.Held, held.Claim.Verdict);
        Assert.Contains("**Held.**", SingleNeuronReport.Markdown(held), StringComparison.Ordinal);

        var notHeld = held with { Claim = held.Claim with { Verdict = SingleNeuronVerdict.NotHeld } };
        var md = SingleNeuronReport.Markdown(notHeld);
        Assert.Contains("**Did not hold.**", md, StringComparison.Ordinal);
        Assert.DoesNotContain("**Held.**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_output_folder_is_a_user_error()
    {
        var result = SingleNeuronExperiment.Run(new SingleNeuronOptions { Dims = [1], Runs = 2, StepsPerLevel = 5 });
        var e = Assert.Throws<RewindUserException>(() => SingleNeuronReport.Write(result, " "));
        Assert.Contains("--out", e.Message, StringComparison.Ordinal);
    }
}
