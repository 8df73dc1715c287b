using System.Globalization;
using Rewind.Pruning;
using Rewind.Strategies;

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
            throw new RewindUserException($"{store.Root}: no level has finished yet, so there is nothing to report. {Unfinished(store)}");
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
        var unfinished = Unfinished(store);
        MarkdownReport.AppendSections(path, [LayerDensityReport.RunSection(store, title), SignsReport.RunSection(store, store.Root),
            SignsReport.BatchNormSection(store, store.Root), Export.TicketReport.Markdown(store.Root),
            unfinished is null ? "" : "## Not finished\n\n" + unfinished + "\n"]);
        return path;
    }

    /// <summary>
    /// What is missing from a run that has not reached its last level (which level stopped where, and how to continue),
    /// or null for a finished run.
    /// </summary>
    public static string? Unfinished(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        int last = StrategyCatalog.PrunedLevels(store.Spec.Pruning.Strategy, store.Spec.Pruning.Levels);
        int done = store.CompletedLevels().Count;
        if (done > last) return null;
        var epochs = store.ReadEpochMetrics(done);
        var where = epochs.Count == 0
            ? $"level {done} has not finished an epoch"
            : string.Create(CultureInfo.InvariantCulture, $"level {done} stopped after epoch {epochs[^1].Epoch} (step {epochs[^1].Step})");
        var covered = done == 0 ? "" : done == 1 ? " This report covers level 0 only." : $" This report covers levels 0–{done - 1}.";
        var missing = done == last ? $"Level {done} of this run is not finished" : $"Levels {done}–{last} of this run are not finished";
        return $"{missing}: {where}.{covered} Continue the run with `rewind run --resume {store.Root}`.";
    }
}
