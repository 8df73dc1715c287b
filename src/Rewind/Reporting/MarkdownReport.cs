using System.Text;
using Rewind.Storage;

namespace Rewind.Reporting;

/// <summary>
/// Human-readable reports (<c>report.md</c> plus the CSV and plots it refers to) for a comparison of strategies
/// over seeds and for a single run. Percentages with two decimals, invariant culture; findings are computed from
/// the data.
/// </summary>
public static class MarkdownReport
{
    /// <summary>Relative path of the accuracy-vs-density chart inside a report directory.</summary>
    public const string AccuracyPlot = "plots/accuracy-vs-density.png";

    /// <summary>Relative path of the training-curves chart inside a run directory.</summary>
    public const string TrainingCurvesPlot = "plots/training-curves.png";

    /// <summary>
    /// The Markdown of a comparison report: title, what was run, the accuracy-vs-density plot, a table with one
    /// row per level (density, remaining weights, then per strategy "mean ± 95% CI half-width" in percent, the best
    /// mean of each row in bold) and findings derived from the data.
    /// </summary>
    public static string ComparisonMarkdown(ComparisonTable table, ReportContext ctx) =>
        ComparisonMarkdown(table, ctx, includePlot: true);

    /// <summary>
    /// Writes <c>report.md</c>, <c>metrics.csv</c> (long format, see <see cref="ComparisonTable.WriteCsv"/>) and
    /// <c>plots/accuracy-vs-density.png</c> into <paramref name="dir"/>, each atomically. If there is nothing to
    /// plot, the report leaves the image out.
    /// </summary>
    public static void WriteComparisonReport(string dir, ComparisonTable table, ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ctx);
        var series = table.Strategies.Select(s =>
        {
            var rows = table.RowsOf(s);
            int seeds = table.SeedsPerStrategy[s];
            return new ChartSeries(
                seeds == 1 ? s : $"{s} (n={seeds})",
                rows.Select(r => r.Density).ToArray(),
                rows.Select(r => r.TestAccuracy.Mean).ToArray(),
                rows.Select(r => r.TestAccuracy.HalfWidth).ToArray());
        }).ToArray();
        bool plotted = Charts.AccuracyVsDensity(Path.Combine(dir, AccuracyPlot), series, ctx.Title);
        table.WriteCsv(Path.Combine(dir, "metrics.csv"));
        AtomicFile.WriteAllText(Path.Combine(dir, "report.md"), ComparisonMarkdown(table, ctx, plotted));
    }

    /// <summary>Appends the non-empty <paramref name="sections"/> to the report at <paramref name="reportPath"/> (atomically), a blank line before each.</summary>
    public static void AppendSections(string reportPath, IEnumerable<string> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var add = sections.Where(s => s.Length > 0).ToList();
        if (add.Count == 0 || !File.Exists(reportPath)) return;
        var text = File.ReadAllText(reportPath).TrimEnd('\n');
        foreach (var section in add) text += "\n\n" + section.TrimEnd('\n') + "\n";
        AtomicFile.WriteAllText(reportPath, text);
    }

    /// <summary>
    /// Writes a single run's <c>report.md</c> (what was run, a table of all levels, findings) with
    /// <c>plots/accuracy-vs-density.png</c> and <c>plots/training-curves.png</c> into <paramref name="runDir"/>.
    /// </summary>
    public static void WriteRunReport(
        string runDir,
        string title,
        IReadOnlyList<LevelSummary> levels,
        IReadOnlyList<EpochMetrics> epochs,
        ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(ctx);
        var ordered = levels.OrderBy(l => l.Level).ToArray();
        bool accuracyPlotted = Charts.AccuracyVsDensity(
            Path.Combine(runDir, AccuracyPlot),
            [new ChartSeries("test accuracy", ordered.Select(l => l.Density).ToArray(),
                ordered.Select(l => l.TestAccuracy).ToArray(), new double[ordered.Length])],
            title);
        bool curvesPlotted = Charts.TrainingCurves(Path.Combine(runDir, TrainingCurvesPlot), epochs, title);

        var md = new StringBuilder();
        md.Append("# ").Append(title).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(ctx.Title) && ctx.Title != title)
            md.Append("Part of: ").Append(ctx.Title).Append("\n\n");
        AppendWhatWasRun(md, ctx, extraFacts: []);
        if (accuracyPlotted)
            md.Append("![Test accuracy against density](").Append(AccuracyPlot).Append(")\n\n");

        md.Append("## Levels\n\n");
        if (ordered.Length == 0)
            md.Append("No level has finished yet.\n\n");
        else
        {
            md.Append("Accuracies in percent at the end of each level; \"best\" is the highest test accuracy seen during the level.\n\n");
            Markdown.Table(md,
                ["level", "density (%)", "remaining weights", "test acc. (%)", "best test acc. (%)", "test loss",
                 "train acc. (%)", "train loss", "epochs", "steps", "time"],
                ordered.Select(l => (IReadOnlyList<string>)
                [
                    l.Diverged ? $"{Csv.Int(l.Level)} (diverged at step {Markdown.Count(l.DivergedAtStep!.Value)})" : Csv.Int(l.Level),
                    PercentFormat.Density(l.Density), Markdown.Count(l.RemainingWeights),
                    PercentFormat.TwoDecimals(l.TestAccuracy), PercentFormat.TwoDecimals(l.BestTestAccuracy),
                    Markdown.Number(l.TestLoss), PercentFormat.TwoDecimals(l.TrainAccuracy), Markdown.Number(l.TrainLoss),
                    Csv.Int(l.Epochs), Markdown.Count(l.Steps), Markdown.Duration(l.Seconds),
                ]));
            md.Append("\nTotal training time: ").Append(Markdown.Duration(ordered.Sum(l => l.Seconds))).Append(".\n\n");
            foreach (var d in ordered.Where(l => l.Diverged))
                md.Append("**Level ").Append(Csv.Int(d.Level)).Append(" diverged**: the training loss became NaN or infinite at step ")
                  .Append(Markdown.Count(d.DivergedAtStep!.Value)).Append(" (learning rate ")
                  .Append(Markdown.Number(d.DivergedLearningRate ?? double.NaN))
                  .Append("); its row shows its last finite epoch boundary, NaN when it diverged in its first epoch (`training.on_divergence: record`).\n\n");
        }
        if (curvesPlotted)
        {
            md.Append("## Training curves\n\n")
              .Append("Accuracy per epoch over all levels (dotted lines: level boundaries) and the learning rate (right axis).\n\n")
              .Append("![Training curves](").Append(TrainingCurvesPlot).Append(")\n\n");
        }

        var single = ComparisonTable.FromRuns([new RunResult("The run", 0, runDir, ordered)]);
        AppendFindings(md, single);
        AtomicFile.WriteAllText(Path.Combine(runDir, "report.md"), md.ToString());
    }

    internal static string ComparisonMarkdown(ComparisonTable table, ReportContext ctx, bool includePlot)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ctx);
        var md = new StringBuilder();
        md.Append("# ").Append(ctx.Title).Append("\n\n");
        string strategies = string.Join(", ", table.Strategies.Select(s =>
            $"{s} ({table.SeedsPerStrategy[s]} seed{(table.SeedsPerStrategy[s] == 1 ? "" : "s")})"));
        AppendWhatWasRun(md, ctx, [("strategies", strategies)]);
        if (includePlot)
        {
            md.Append("![Test accuracy against density; shaded: 95% confidence interval over seeds](")
              .Append(AccuracyPlot).Append(")\n\n");
        }

        md.Append("## Test accuracy by level\n\n");
        if (table.Rows.Count == 0)
            md.Append("No level has finished yet.\n\n");
        else
        {
            md.Append("Final test accuracy of each level in percent: mean ± half-width of the 95% confidence interval ")
              .Append("over seeds (Student t; no interval from a single seed). Bold: the best mean of the row. ")
              .Append("(n=k): only k seeds reached that level.\n\n");
            Markdown.Table(md,
                ["level", "density (%)", "remaining weights", .. table.Strategies],
                table.Levels.Select(level => LevelRow(table, level)));
            md.Append('\n');
        }
        AppendFindings(md, table);
        return md.ToString();
    }

    private static IReadOnlyList<string> LevelRow(ComparisonTable table, int level)
    {
        var rows = table.Strategies.Select(s => table.Find(s, level)).ToArray();
        var present = rows.OfType<ComparisonRow>().ToArray();
        bool sameDensity = ComparisonFindings.DensitiesAgree(present);
        var finite = present.Where(r => double.IsFinite(r.TestAccuracy.Mean)).ToArray();
        double best = present.Length >= 2 && finite.Length >= 1 ? finite.Max(r => r.TestAccuracy.Mean) : double.NaN;

        var cells = new List<string>
        {
            Csv.Int(level),
            sameDensity ? PercentFormat.Density(present[0].Density) : "varies",
            sameDensity ? Markdown.Count(present[0].RemainingWeights) : "varies",
        };
        foreach (var r in rows)
        {
            if (r is null)
            {
                cells.Add("–");
                continue;
            }
            string cell = PercentFormat.TwoDecimals(r.TestAccuracy.Mean);
            if (r.TestAccuracy.HasInterval)
                cell += " ± " + PercentFormat.TwoDecimals(r.TestAccuracy.HalfWidth);
            if (r.TestAccuracy.Mean == best)
                cell = "**" + cell + "**";
            if (r.Seeds < table.SeedsPerStrategy[r.Strategy])
                cell += $" (n={r.Seeds})";
            if (!sameDensity)
                cell += $" @ {PercentFormat.Density(r.Density)}%";
            cells.Add(cell);
        }
        return cells;
    }

    private static void AppendWhatWasRun(StringBuilder md, ReportContext ctx, IReadOnlyList<(string Key, string Value)> extraFacts)
    {
        md.Append("## What was run\n\n");
        if (!string.IsNullOrWhiteSpace(ctx.SpecSummary))
            md.Append(ctx.SpecSummary.Trim()).Append("\n\n");
        var facts = ctx.Facts.Select(f => (f.Key, f.Value)).Concat(extraFacts).ToArray();
        foreach (var (key, value) in facts)
            md.Append("- **").Append(key).Append("**: ").Append(value).Append('\n');
        if (facts.Length > 0)
            md.Append('\n');
    }

    private static void AppendFindings(StringBuilder md, ComparisonTable table)
    {
        md.Append("## Findings\n\n");
        foreach (string finding in ComparisonFindings.Describe(table))
            md.Append("- ").Append(finding).Append('\n');
    }
}
