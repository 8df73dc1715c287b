using System.Globalization;
using Rewind.Pruning;

namespace Rewind.Reporting;

/// <summary>Writes the report of a single run (<c>report.md</c>, <c>plots/</c>) from what its store holds.</summary>
public static class RunReport
{
    /// <summary>The report's file name inside the run directory.</summary>
    public const string FileName = "report.md";

    /// <summary>Writes <c>report.md</c> and <c>plots/</c> into the run directory; returns the report's path.</summary>
    public static string Write(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var levels = store.CompletedLevels();
        if (levels.Count == 0)
            throw new RewindUserException($"{store.Root}: no finished level yet; nothing to report. Continue the run with `rewind run --resume {store.Root}`.");
        var epochs = store.CompletedEpochMetrics();
        var s = store.Spec;
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
        MarkdownReport.WriteRunReport(store.Root, title, levels, epochs,
            new ReportContext(s.Name, "The exact spec of this run is in `spec.yaml`; per-epoch metrics are in `levels/NN/metrics.jsonl`.", facts));
        var path = Path.Combine(store.Root, FileName);
        MarkdownReport.AppendSections(path, [LayerDensityReport.RunSection(store, title), SignsReport.RunSection(store, store.Root),
            SignsReport.BatchNormSection(store, store.Root), Export.TicketReport.Markdown(store.Root)]);
        return path;
    }
}
