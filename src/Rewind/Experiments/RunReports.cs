using System.Globalization;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>Writes the report of a single run (<c>report.md</c>, plots) from its stored metrics.</summary>
public static class RunReports
{
    /// <summary>Writes <c>report.md</c> and <c>plots/</c> into the run directory.</summary>
    public static void Write(RunDirectory dir, IReadOnlyList<LevelSummary> levels, IReadOnlyList<EpochMetrics> epochs)
    {
        var s = dir.Spec;
        var facts = new Dictionary<string, string>
        {
            ["strategy"] = s.Pruning.Strategy,
            ["pruning criterion"] = s.Pruning.Scope == "auto" ? s.Pruning.Scorer : $"{s.Pruning.Scorer}, scope {s.Pruning.Scope}",
            ["dataset"] = s.Data.Name,
            ["model"] = s.Model.Name,
            ["training per level"] = s.Training.Duration.ToString(),
            ["optimizer"] = $"{s.Optimizer.Name}, lr {s.Optimizer.Lr.ToString(CultureInfo.InvariantCulture)}",
            ["schedule"] = s.Schedule.Name,
            ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["compute time (s)"] = levels.Sum(l => l.Seconds).ToString("F0", CultureInfo.InvariantCulture),
        };
        string title = $"{s.Name}: {s.Pruning.Strategy} on {s.Model.Name} / {s.Data.Name}";
        MarkdownReport.WriteRunReport(dir.Root, title, levels, epochs,
            new ReportContext(s.Name, "The exact spec of this run is in `spec.yaml`; per-epoch metrics are in `levels/NN/metrics.jsonl`.", facts));
        LayerDensityReport.AppendTo(Path.Combine(dir.Root, "report.md"), LayerDensityReport.RunSection(dir, title));
        LayerDensityReport.AppendTo(Path.Combine(dir.Root, "report.md"), Export.TicketReport.Markdown(dir.Root)); // after bench-inference
    }
}
