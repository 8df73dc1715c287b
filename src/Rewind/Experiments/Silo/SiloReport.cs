using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Storage;

namespace Rewind.Experiments.Silo;

/// <summary>
/// The SILO studies' additions to a study report: early-stop test accuracy (Paper B's metric) with mean ± std and the
/// 95% interval over seeds, the peak each arm used at each level, a long-format <c>silo-metrics.csv</c> and charts.
/// Built from the runs' stored summaries (and statistics), so it can be rebuilt at any time.
/// </summary>
public sealed class SiloReport
{
    /// <summary>The CSV written next to <c>metrics.csv</c>.</summary>
    public const string CsvFile = "silo-metrics.csv";

    /// <summary>The CSV header.</summary>
    public const string CsvHeader =
        "arm,level,density,seeds,test_accuracy_mean,test_accuracy_std,test_accuracy_ci95," +
        "early_stop_test_accuracy_mean,early_stop_test_accuracy_std,early_stop_test_accuracy_ci95," +
        "best_validation_accuracy_mean,peak_lr_mean,peak_lr_min,peak_lr_max";

    /// <summary>The SILO sections over the finished runs of a study.</summary>
    public SiloReport(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    /// <summary>The study's finished runs.</summary>
    public StudyResults Results { get; }

    /// <summary>The study folder.</summary>
    public string OutDir => Results.OutDir;

    /// <summary>Arm labels in report order (those with at least one finished level).</summary>
    public IReadOnlyList<string> Arms => Results.Arms;

    /// <summary>Every run with a finished level.</summary>
    public IReadOnlyList<StudyResults.StudyRun> Runs => Results.Runs;

    /// <summary>Levels reached by any run, ascending.</summary>
    public IReadOnlyList<int> Levels => Results.Levels;

    /// <summary>The summaries of <paramref name="arm"/> at <paramref name="level"/> over the seeds that reached it.</summary>
    public IReadOnlyList<LevelSummary> At(string arm, int level) => Results.At(arm, level);

    /// <summary>Mean, std and 95% interval over seeds of a level metric (NaN-free values only; null if none).</summary>
    public Estimate? Estimate(string arm, int level, Func<LevelSummary, double> metric) => Results.Estimate(arm, level, metric);

    /// <summary>True when any run held out a validation set (so early-stop accuracies exist).</summary>
    public bool HasValidation => Results.HasValidation;

    /// <summary>"## Arms": what each arm runs.</summary>
    public static string ArmsSection(IReadOnlyList<StudyArm> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var md = new StringBuilder("## Arms\n\n");
        Markdown.Table(md, ["arm", "learning rate inside a level; peak per level; optimizer"],
            arms.Select(a => (IReadOnlyList<string>)[a.Label, SiloStudy.ArmLine(a)]));
        return md.Append('\n').ToString();
    }

    /// <summary>"## Early-stop test accuracy": Paper B's metric per arm and level, mean ± std (95% CI), and its chart.</summary>
    public string EarlyStopSection()
    {
        var md = new StringBuilder("## Early-stop test accuracy (Paper B's metric)\n\n");
        if (!HasValidation)
            return md.Append("No run held out a validation set (data.validation = 0), so there is no early-stop accuracy; the table above uses the final test accuracy.\n\n").ToString();
        md.Append("Test accuracy (%) at the epoch of each level with the best validation accuracy, as Paper B reports it: ")
          .Append("mean ± std over seeds, [95% confidence interval] (Student t). Bold: best mean of the level.\n\n");
        md.Append(MetricTable(l => l.EarlyStopTestAccuracy, percent: true, withInterval: true));
        var series = Arms.Select(a =>
        {
            var lv = Levels.Where(l => Estimate(a, l, x => x.EarlyStopTestAccuracy) is not null).ToArray();
            return new ChartSeries(a, lv.Select(l => At(a, l).Average(x => x.Density)).ToArray(),
                lv.Select(l => Estimate(a, l, x => x.EarlyStopTestAccuracy)!.Mean).ToArray(),
                lv.Select(l => Estimate(a, l, x => x.EarlyStopTestAccuracy)!.HalfWidth).ToArray());
        }).ToArray();
        if (Charts.AccuracyVsDensity(Path.Combine(OutDir, "plots", "early-stop-accuracy.png"), series, "Early-stop test accuracy"))
            md.Append("\n![Early-stop test accuracy against density](plots/early-stop-accuracy.png)\n");
        md.Append('\n').Append(Findings(l => l.EarlyStopTestAccuracy, "early-stop test accuracy"));
        return md.ToString();
    }

    /// <summary>"## Peak learning rate per level": the peak each arm used (mean over seeds; range if seeds differ), and its chart.</summary>
    public string PeaksSection()
    {
        var md = new StringBuilder("## Peak learning rate per level\n\n");
        md.Append("The peak (max_lr) each arm's schedule had at each level; where seeds chose differently the range over seeds follows in brackets.\n\n");
        Markdown.Table(md, ["level", "density (%)", .. Arms],
            Levels.Select(level => (IReadOnlyList<string>)[
                level.ToString(CultureInfo.InvariantCulture),
                PercentFormat.Density(DensityOf(level)),
                .. Arms.Select(a => PeakCell(a, level))]));
        var lines = Arms.Select(a =>
        {
            var lv = Levels.Where(l => At(a, l).Count > 0).ToArray();
            return new LineSeries(a, lv.Select(l => (double)l).ToArray(), lv.Select(l => At(a, l).Average(x => x.PeakLearningRate)).ToArray(),
                lv.Select(l => At(a, l).Min(x => x.PeakLearningRate)).ToArray(), lv.Select(l => At(a, l).Max(x => x.PeakLearningRate)).ToArray());
        }).ToArray();
        if (StudyCharts.Lines(Path.Combine(OutDir, "plots", "peaks.png"), "Peak learning rate per level", "pruning level m", "peak learning rate (max_lr)", lines))
            md.Append("\n![Peak learning rate per level](plots/peaks.png)\n");
        return md.Append('\n').ToString();
    }

    /// <summary>A level × arm table of a metric: mean ± std, optionally with the 95% interval, the best mean bold.</summary>
    public string MetricTable(Func<LevelSummary, double> metric, bool percent, bool withInterval)
    {
        var md = new StringBuilder();
        Markdown.Table(md, ["level", "density (%)", .. Arms], Levels.Select(level =>
        {
            var est = Arms.Select(a => Estimate(a, level, metric)).ToArray();
            var finite = est.Where(e => e is not null).Select(e => e!.Mean).ToArray();
            double best = finite.Length > 1 ? finite.Max() : double.NaN;
            return (IReadOnlyList<string>)[
                level.ToString(CultureInfo.InvariantCulture),
                PercentFormat.Density(DensityOf(level)),
                .. est.Select(e => e is null ? "–" : Cell(e, best, percent, withInterval))];
        }));
        return md.ToString();
    }

    /// <summary>
    /// Findings from the data: per arm the mean of the metric over the pruned levels, and for each other arm the levels
    /// where its 95% interval lies wholly above or below the reference arm's (SILO if present).
    /// </summary>
    public string Findings(Func<LevelSummary, double> metric, string what)
    {
        var pruned = Levels.Where(l => l > 0).ToArray();
        if (pruned.Length == 0 || Arms.Count == 0) return "";
        var md = new StringBuilder("Findings (computed from the table):\n\n");
        var means = Arms.Select(a => (Arm: a, Mean: MeanOver(a, pruned, metric))).Where(x => double.IsFinite(x.Mean)).OrderByDescending(x => x.Mean).ToArray();
        if (means.Length > 0)
            md.Append("- Mean ").Append(what).Append(" over pruned levels ").Append(pruned[0]).Append('–').Append(pruned[^1]).Append(": ")
              .Append(string.Join(", ", means.Select(x => $"{x.Arm} {PercentFormat.TwoDecimals(x.Mean)}%"))).Append(".\n");
        string reference = Arms.Contains("silo") ? "silo" : Arms[0];
        foreach (var other in Arms.Where(a => a != reference))
        {
            var above = new List<int>();
            var below = new List<int>();
            foreach (int l in pruned)
            {
                var r = Estimate(reference, l, metric);
                var o = Estimate(other, l, metric);
                if (r is null || o is null || !r.HasInterval || !o.HasInterval) continue;
                if (r.Lower > o.Upper) above.Add(l);
                else if (r.Upper < o.Lower) below.Add(l);
            }
            md.Append("- ").Append(reference).Append(" vs ").Append(other).Append(": ");
            if (above.Count + below.Count == 0)
                md.Append("the 95% intervals overlap at every pruned level (or fewer than two seeds): no difference shown at this budget.\n");
            else
                md.Append(above.Count > 0 ? $"{reference} higher with non-overlapping intervals at level(s) {string.Join(", ", above)}" : "")
                  .Append(above.Count > 0 && below.Count > 0 ? "; " : "")
                  .Append(below.Count > 0 ? $"{reference} lower with non-overlapping intervals at level(s) {string.Join(", ", below)}" : "")
                  .Append(".\n");
        }
        return md.Append('\n').ToString();
    }

    /// <summary>Mean over <paramref name="levels"/> of the per-level mean of <paramref name="metric"/> (NaN if a level is missing).</summary>
    public double MeanOver(string arm, IReadOnlyList<int> levels, Func<LevelSummary, double> metric) => Results.MeanOver(arm, levels, metric);

    /// <summary>Writes <see cref="CsvFile"/> (long format, one row per arm and level; fractions; round-trip doubles).</summary>
    public void WriteCsv()
    {
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var arm in Arms)
        {
            foreach (int level in Levels)
            {
                var at = At(arm, level);
                if (at.Count == 0) continue;
                var test = Estimate(arm, level, l => l.TestAccuracy);
                var early = Estimate(arm, level, l => l.EarlyStopTestAccuracy);
                var val = Estimate(arm, level, l => l.BestValidationAccuracy);
                sb.Append(arm).Append(',').Append(Csv.Int(level)).Append(',').Append(Csv.Double(at.Average(l => l.Density))).Append(',')
                  .Append(Csv.Int(at.Count)).Append(',')
                  .Append(Csv.Double(test?.Mean ?? double.NaN)).Append(',').Append(Csv.Double(test?.Std ?? double.NaN)).Append(',')
                  .Append(Csv.Double(test?.HalfWidth ?? double.NaN)).Append(',')
                  .Append(Csv.Double(early?.Mean ?? double.NaN)).Append(',').Append(Csv.Double(early?.Std ?? double.NaN)).Append(',')
                  .Append(Csv.Double(early?.HalfWidth ?? double.NaN)).Append(',')
                  .Append(Csv.Double(val?.Mean ?? double.NaN)).Append(',')
                  .Append(Csv.Double(at.Average(l => l.PeakLearningRate))).Append(',')
                  .Append(Csv.Double(at.Min(l => l.PeakLearningRate))).Append(',')
                  .Append(Csv.Double(at.Max(l => l.PeakLearningRate))).Append('\n');
            }
        }
        AtomicFile.WriteAllText(Path.Combine(OutDir, CsvFile), sb.ToString());
    }

    /// <summary>Mean density of a level over every run that reached it.</summary>
    public double DensityOf(int level) => Results.DensityOf(level);

    private string PeakCell(string arm, int level)
    {
        var at = At(arm, level);
        if (at.Count == 0) return "–";
        double lo = at.Min(l => l.PeakLearningRate), hi = at.Max(l => l.PeakLearningRate), mean = at.Average(l => l.PeakLearningRate);
        return lo == hi ? G(mean) : $"{G(mean)} [{G(lo)}, {G(hi)}]";
    }

    private static string Cell(Estimate e, double best, bool percent, bool withInterval)
    {
        string F(double x) => percent ? PercentFormat.TwoDecimals(x) : G(x);
        string cell = F(e.Mean);
        if (e.HasInterval)
        {
            cell += " ± " + F(e.Std);
            if (withInterval) cell += $" [{F(e.Lower)}, {F(e.Upper)}]";
        }
        if (e.Mean == best) cell = "**" + cell + "**";
        return cell;
    }

    internal static string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
