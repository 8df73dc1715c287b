using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments.Silo;

/// <summary>
/// <c>rewind experiment gradient-narrowing</c>: Paper B §3.1 / §6.7 and Figs. 4–9. Per level, the distribution of the
/// weight gradients of the unpruned weights (Sturges histograms, σ), E_WG and E_AA per layer, and the weight-update
/// distribution (gradient × the level's peak LR) with a fixed peak (warmup) and with SILO. Every run records these
/// statistics at the end of each level (<c>levels/NN/statistics.json</c>, <see cref="NetworkProbe"/>).
/// </summary>
public sealed class GradientNarrowingStudy : SiloStudy
{
    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper B §3.1: per level, the gradient distribution of unpruned weights (Sturges histograms, σ), E_WG and E_AA per layer, and updates with and without SILO.";

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Arms(context.BaseSpec);
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Gradient narrowing as the network thins: {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name} (Paper B §3.1, Figs. 4–9)";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, SiloReport report) => Sections(report);

    /// <summary>The study's name on the command line.</summary>
    public const string StudyName = "gradient-narrowing";

    /// <summary>The arms: warmup (fixed ε) and silo, which shares levels 0..q with it.</summary>
    public static IReadOnlyList<StudyArm> Arms(RunSpec baseSpec)
    {
        var silo = RequireSilo(baseSpec, StudyName);
        return [new StudyArm("warmup", silo with { Peak = new PeakSpec() }), new StudyArm("silo", silo, ReuseFrom: "warmup")];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = new SiloReport(context.Results(Arms(context).Select(a => a.Label).ToArray()));
        var pruned = report.Levels.Where(l => l > 0).ToArray();
        if (!report.Arms.Contains("warmup") || pruned.Length == 0) return [];
        int last = pruned[^1];
        var ratios = report.Runs.Where(r => r.Arm == "warmup").Select(r =>
            r.Store.ReadStatistics(last) is { } end && r.Store.ReadStatistics(0) is { } dense ? end.GradientStd / dense.GradientStd : double.NaN)
            .Where(double.IsFinite).ToArray();
        if (ratios.Length == 0) return [];
        string verdict = ratios.All(r => r < 1) ? StudyFinding.Held : ratios.All(r => r >= 1) ? StudyFinding.NotHeld : StudyFinding.Undecided;
        return [new StudyFinding("gradients-narrow", verdict, string.Create(CultureInfo.InvariantCulture,
            $"σ of the unpruned weights' gradients at level {last} ({PercentFormat.Density(report.DensityOf(last))}% density) relative to the dense level, fixed peak: ") +
            string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture))) + $" over {ratios.Length} seed(s)")];
    }

    /// <summary>The statistics of <paramref name="arm"/>'s runs at <paramref name="level"/>, one per seed that has them.</summary>
    public static IReadOnlyList<(LevelStatistics Statistics, double Peak)> StatisticsAt(SiloReport report, string arm, int level)
    {
        ArgumentNullException.ThrowIfNull(report);
        var list = new List<(LevelStatistics, double)>();
        foreach (var r in report.Runs.Where(r => r.Arm == arm))
        {
            var summary = r.Levels.FirstOrDefault(l => l.Level == level);
            var stats = summary is null ? null : r.Store.ReadStatistics(level);
            if (stats is not null) list.Add((stats, summary!.PeakLearningRate));
        }
        return list;
    }

    /// <summary>The study's report sections: gradient and update distributions per level, E_AA and E_WG per layer.</summary>
    public static IEnumerable<string> Sections(SiloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var arms = report.Arms;
        var levels = report.Levels;
        double Mean(string arm, int level, Func<LevelStatistics, double, double> f)
        {
            var at = StatisticsAt(report, arm, level);
            return at.Count == 0 ? double.NaN : at.Average(x => f(x.Statistics, x.Peak));
        }

        // 1. σ of the gradients and of the updates per level.
        var md = new StringBuilder("## Gradient and weight-update distributions per level\n\n");
        md.Append("At the end of each level, ∂L/∂w of every unpruned weight on ").Append(NetworkProbe.ProbeBatches)
          .Append(" fixed training mini-batches (evaluation mode), pooled: σ of the gradients, and σ of the weight updates the level's peak learning rate ")
          .Append("makes of them (gradient × peak, Paper B Figs. 8–9). Means over seeds. Ratio = σ relative to the dense level.\n\n");
        var header = new List<string> { "level", "density (%)" };
        foreach (var a in arms) header.AddRange([$"{a} σ(grad)", $"{a} ratio", $"{a} σ(grad × peak)"]);
        Markdown.Table(md, header, levels.Select(level =>
        {
            var row = new List<string> { level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(report.DensityOf(level)) };
            foreach (var a in arms)
            {
                double s = Mean(a, level, (st, _) => st.GradientStd), s0 = Mean(a, 0, (st, _) => st.GradientStd);
                row.AddRange([E(s), double.IsFinite(s / s0) ? (s / s0).ToString("0.00", CultureInfo.InvariantCulture) : "–", E(Mean(a, level, (st, p) => st.GradientStd * p))]);
            }
            return (IReadOnlyList<string>)row;
        }));
        md.Append('\n');
        int last = levels.Count > 0 ? levels[^1] : 0;
        foreach (var a in arms)
        {
            double s0 = Mean(a, 0, (st, _) => st.GradientStd), sl = Mean(a, last, (st, _) => st.GradientStd);
            double u0 = Mean(a, 0, (st, p) => st.GradientStd * p), ul = Mean(a, last, (st, p) => st.GradientStd * p);
            if (double.IsFinite(s0) && double.IsFinite(sl))
                md.Append("- ").Append(a).Append(": gradient σ ").Append(E(s0)).Append(" at 100% → ").Append(E(sl)).Append(" at ")
                  .Append(PercentFormat.Density(report.DensityOf(last))).Append("% (×").Append((sl / s0).ToString("0.00", CultureInfo.InvariantCulture))
                  .Append("); update σ ×").Append((ul / u0).ToString("0.00", CultureInfo.InvariantCulture)).Append(".\n");
        }
        md.Append("- Paper B (FC 3072-256-256-256-10 on CIFAR-10, no BN): gradient σ 8.4e-3 at 100% → 3.3e-3 at 13.4% (×0.39); SILO's growing peak is meant to keep the updates from narrowing with it.\n\n");

        var lines = new List<LineSeries>();
        foreach (var a in arms)
        {
            var lv = levels.Where(l => StatisticsAt(report, a, l).Count > 0).ToArray();
            lines.Add(new LineSeries($"{a}: σ(grad)", lv.Select(l => (double)l).ToArray(), lv.Select(l => Mean(a, l, (st, _) => st.GradientStd)).ToArray()));
        }
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "gradient-std.png"), "σ of the gradients of unpruned weights",
                "pruning level m (the table gives each level's density)", "σ(∂L/∂w)", lines, logY: true))
            md.Append("![σ of the gradients per level](plots/gradient-std.png)\n\n");
        var updateLines = arms.Select(a =>
        {
            var lv = levels.Where(l => StatisticsAt(report, a, l).Count > 0).ToArray();
            return new LineSeries($"{a}: σ(grad × peak)", lv.Select(l => (double)l).ToArray(), lv.Select(l => Mean(a, l, (st, p) => st.GradientStd * p)).ToArray());
        }).ToArray();
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "update-std.png"), "σ of the weight updates (gradient × peak LR)",
                "pruning level m (the table gives each level's density)", "σ(peak · ∂L/∂w)", updateLines, logY: true))
            md.Append("![σ of the updates per level](plots/update-std.png)\n\n");

        // 2. Histograms (first seed): the gradients narrowing, and the updates with and without SILO.
        var shown = new[] { 0, levels.Count > 0 ? levels[levels.Count / 2] : 0, last }.Distinct().ToArray();
        foreach (var a in arms)
        {
            var series = shown.Select(l => FirstOf(StatisticsAt(report, a, l)))
                .Where(x => x.Statistics is not null)
                .Select(x => new HistogramSeries($"level {x.Statistics.Level} ({PercentFormat.Density(x.Statistics.Density)}%)", x.Statistics.GradientHistogram)).ToArray();
            if (StudyCharts.Histograms(Path.Combine(report.OutDir, "plots", $"gradient-histograms-{a}.png"),
                    $"{a}: gradients of unpruned weights (Sturges bins)", "∂L/∂w", series))
                md.Append("![Gradient histograms, ").Append(a).Append("](plots/gradient-histograms-").Append(a).Append(".png)\n\n");
        }
        var updates = arms.SelectMany(a => new[] { 0, last }.Distinct().Select(l => (Arm: a, At: FirstOf(StatisticsAt(report, a, l)))))
            .Where(x => x.At.Statistics is not null)
            .Select(x => new HistogramSeries($"{x.Arm}, level {x.At.Statistics.Level} (peak {SiloReport.G(x.At.Peak)})", x.At.Statistics.GradientHistogram, x.At.Peak))
            .ToArray();
        if (StudyCharts.Histograms(Path.Combine(report.OutDir, "plots", "update-histograms.png"),
                "Weight updates (gradient × peak LR): dense vs last level, with and without SILO", "peak · ∂L/∂w", updates))
            md.Append("![Update histograms](plots/update-histograms.png)\n\n");
        yield return md.ToString();

        // 3. Per layer: E_AA of the layer's input and E_WG over the level's first epoch.
        var layerMd = new StringBuilder("## E_AA and E_WG per layer\n\n");
        layerMd.Append("E_AA: the mean squared input activation of each pruned layer (Paper B §6.5; the first layer's input is the data). ")
               .Append("E_WG: the mean squared change of its unpruned weights over the first epoch of the level. Means over seeds.\n\n");
        var layerNames = arms.SelectMany(a => StatisticsAt(report, a, 0).SelectMany(x => x.Statistics.Layers.Select(l => l.Name))).Distinct().ToArray();
        var layerHeader = new List<string> { "level", "density (%)" };
        foreach (var name in layerNames) layerHeader.AddRange(arms.Select(a => $"{name} E_AA ({a})"));
        foreach (var name in layerNames) layerHeader.AddRange(arms.Select(a => $"{name} E_WG ({a})"));
        Markdown.Table(layerMd, layerHeader, levels.Select(level =>
        {
            var row = new List<string> { level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(report.DensityOf(level)) };
            foreach (var name in layerNames)
                row.AddRange(arms.Select(a => E(Mean(a, level, (st, _) => st.Layers.FirstOrDefault(l => l.Name == name)?.InputMeanSquare ?? double.NaN))));
            foreach (var name in layerNames)
                row.AddRange(arms.Select(a => E(Mean(a, level, (st, _) => st.Layers.FirstOrDefault(l => l.Name == name)?.FirstEpochWeightChange ?? double.NaN))));
            return (IReadOnlyList<string>)row;
        }));
        layerMd.Append('\n');
        var ewg = new List<LineSeries>();
        foreach (var a in arms)
            foreach (var name in layerNames)
            {
                var lv = levels.Where(l => StatisticsAt(report, a, l).Count > 0).ToArray();
                ewg.Add(new LineSeries($"{a}: {name}", lv.Select(l => (double)l).ToArray(),
                    lv.Select(l => Mean(a, l, (st, _) => st.Layers.FirstOrDefault(x => x.Name == name)?.FirstEpochWeightChange ?? double.NaN)).ToArray(),
                    Dashed: a != "silo"));
            }
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "ewg.png"), "E_WG per layer over the first epoch of each level",
                "pruning level m", "E_WG", ewg, logY: true))
            layerMd.Append("![E_WG per layer](plots/ewg.png)\n\n");
        var eaa = layerNames.Skip(1).Select(name =>
        {
            var a = arms[0];
            var lv = levels.Where(l => StatisticsAt(report, a, l).Count > 0).ToArray();
            return new LineSeries($"{a}: input of {name}", lv.Select(l => (double)l).ToArray(),
                lv.Select(l => Mean(a, l, (st, _) => st.Layers.FirstOrDefault(x => x.Name == name)?.InputMeanSquare ?? double.NaN)).ToArray());
        }).ToArray();
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "eaa.png"), "E_AA of the hidden layers' inputs", "pruning level m", "E_AA", eaa, logY: true))
            layerMd.Append("![E_AA per layer](plots/eaa.png)\n\n");
        yield return layerMd.ToString();
    }

    private static (LevelStatistics Statistics, double Peak) FirstOf(IReadOnlyList<(LevelStatistics Statistics, double Peak)> list) =>
        list.Count > 0 ? list[0] : default;

    private static string E(double x) => double.IsFinite(x) ? x.ToString("0.000e0", CultureInfo.InvariantCulture) : "–";
}
