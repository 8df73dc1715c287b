using System.Globalization;
using System.Text.RegularExpressions;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// Runs a study — a list of independent, resumable runs — and aggregates it (ARCHITECTURE.md "Experiments are
/// lists of runs"). Layout: <c>OUT/study.yaml</c> (what the study is; a different study in the same folder is
/// refused), <c>OUT/runs/&lt;label&gt;-s&lt;seed&gt;/</c> (one run directory each; <c>dense-s&lt;seed&gt;</c> holds a
/// shared level 0), <c>OUT/report.md</c>, <c>OUT/metrics.csv</c>, <c>OUT/plots/</c>. Aggregation groups runs by
/// label: mean and t-based 95% CI over seeds, per level.
/// </summary>
public static partial class StudyRunner
{
    /// <summary>File that records what the study is, so <c>rewind report</c> can rebuild it.</summary>
    public const string StudyFile = "study.yaml";

    /// <summary>The study's labels in the order it lists them (the report's column order).</summary>
    public const string LabelsFile = "labels.txt";

    /// <summary>The run directory of a labelled run of a study.</summary>
    public static string RunDirectoryFor(string outDir, string label, int seed) =>
        Path.Combine(outDir, "runs", $"{label}-s{seed.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// A seed's shared dense run: level 0 of <paramref name="baseSpec"/> (strategy, levels and scorer do not
    /// affect it), which the study's other runs of that seed reuse.
    /// </summary>
    public static PlannedRun DenseRun(RunSpec baseSpec, int seed, string outDir) => new(
        "dense", seed,
        IterativePruning.Resolve(baseSpec with
        {
            Name = $"{baseSpec.Name}-dense-s{seed}",
            Seed = seed,
            Pruning = baseSpec.Pruning with { Levels = 0, Strategy = "lrr" },
        }),
        RunDirectoryFor(outDir, "dense", seed));

    /// <summary>
    /// Runs every planned run not yet finished (resuming unfinished ones, in order), then writes the report.
    /// <paramref name="description"/> is the study's identity (YAML text) recorded in <c>study.yaml</c>.
    /// </summary>
    public static ComparisonTable Run(string outDir, string description, IReadOnlyList<PlannedRun> plan,
        Func<PlannedRun, int, int, ITrainingObserver> observerFor, string title, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(outDir);
        var studyPath = Path.Combine(outDir, StudyFile);
        if (File.Exists(studyPath) && File.ReadAllText(studyPath) != description)
            throw new RewindUserException(
                $"{outDir} already holds a different study (see {studyPath}). Choose another --out or delete the folder.");
        AtomicFile.WriteAllText(studyPath, description);
        AtomicFile.WriteAllText(Path.Combine(outDir, LabelsFile),
            string.Join('\n', plan.Select(r => r.Label).Where(l => l != "dense").Distinct()) + "\n");
        for (int i = 0; i < plan.Count; i++)
        {
            var run = plan[i];
            var dir = RunDirectory.Create(run.Directory, run.Spec);
            IterativePruning.Run(dir, observerFor(run, i, plan.Count),
                new RunOptions { LevelZeroFrom = run.LevelZeroFrom, ReuseLevels = run.Reuse, Cancellation = cancellation });
        }
        return WriteReport(outDir, title);
    }

    /// <summary>Rebuilds the aggregated report of a study folder from its runs' stored metrics.</summary>
    public static ComparisonTable WriteReport(string outDir, string? title = null)
    {
        var runsDir = Path.Combine(outDir, "runs");
        if (!Directory.Exists(runsDir))
            throw new RewindUserException($"{outDir}: no runs/ folder, so there is no study to report on.");
        var results = new List<RunResult>();
        RunSpec? any = null;
        var criteria = new SortedDictionary<string, string>(StringComparer.Ordinal); // label → pruning criterion
        foreach (var d in Directory.GetDirectories(runsDir).OrderBy(x => x, StringComparer.Ordinal))
        {
            var m = RunName().Match(Path.GetFileName(d));
            if (!m.Success || m.Groups[1].Value == "dense" || !File.Exists(Path.Combine(d, "spec.yaml"))) continue;
            var run = RunDirectory.Open(d);
            any ??= run.Spec;
            criteria[m.Groups[1].Value] = run.Spec.Pruning.Scope == "auto" ? run.Spec.Pruning.Scorer : $"{run.Spec.Pruning.Scorer} ({run.Spec.Pruning.Scope})";
            var levels = run.CompletedLevels();
            if (levels.Count == 0) continue;
            results.Add(new RunResult(m.Groups[1].Value, run.Spec.Seed, d, levels));
        }
        if (results.Count == 0 || any is null)
            throw new RewindUserException($"{outDir}: no finished level in any run yet; nothing to report.");
        var labelsPath = Path.Combine(outDir, LabelsFile);
        if (File.Exists(labelsPath))
        {
            var order = File.ReadAllLines(labelsPath).Where(l => l.Length > 0).ToList();
            results = results.OrderBy(r => order.IndexOf(r.Strategy) is var i && i < 0 ? int.MaxValue : i).ThenBy(r => r.Seed).ToList();
        }
        var table = ComparisonTable.FromRuns(results);
        string criterion = criteria.Values.Distinct().Count() == 1
            ? criteria.Values.First()
            : string.Join(", ", criteria.Select(c => $"{c.Key}: {c.Value}"));
        var facts = new Dictionary<string, string>
        {
            ["dataset"] = any.Data.Name,
            ["model"] = any.Model.Name,
            ["training per level"] = any.Training.Duration.ToString(),
            ["optimizer"] = string.Create(CultureInfo.InvariantCulture,
                $"{any.Optimizer.Name}, lr {any.Optimizer.Lr}, momentum {any.Optimizer.Momentum}, weight decay {any.Optimizer.WeightDecay}"),
            ["schedule"] = $"{any.Schedule.Name} (warm-up {any.Schedule.Warmup})",
            ["pruning"] = string.Create(CultureInfo.InvariantCulture,
                $"{criterion}, {any.Pruning.Rate * 100:0.#}% of the remaining weights per level, {any.Pruning.Levels} levels"),
            ["wr rewind point"] = any.Pruning.RewindTo.ToString(),
            ["seeds"] = results.Select(r => r.Seed).Distinct().Count().ToString(CultureInfo.InvariantCulture),
            ["threads"] = any.Threads.ToString(CultureInfo.InvariantCulture),
            ["compute time of all runs (s)"] = results.Sum(r => r.Levels.Sum(l => l.Seconds)).ToString("F0", CultureInfo.InvariantCulture),
        };
        title ??= $"{any.Model.Name} on {any.Data.Name}: {string.Join(" vs ", table.Strategies)}";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Each run prunes {any.Pruning.Rate * 100:0.#}% of the remaining weights per level ({criterion}) and trains {any.Training.Duration} per level; " +
            $"level 0 (dense) is trained once per seed and shared. The exact spec of every run is in `runs/<label>-s<seed>/spec.yaml`.");
        MarkdownReport.WriteComparisonReport(outDir, table, new ReportContext(title, summary, facts));
        LayerDensityReport.AppendTo(Path.Combine(outDir, "report.md"),
            LayerDensityReport.StudySection(outDir, results.OrderBy(r => r.Seed).Select(r => (r.Strategy, r.RunDirectory)).ToList()));
        return table;
    }

    /// <summary>The base spec as an indented YAML block, for study descriptions.</summary>
    public static string Indented(RunSpec spec) =>
        string.Join("\n", SpecWriter.ToYaml(spec).TrimEnd().Split('\n').Select(l => "  " + l)) + "\n";

    [GeneratedRegex(@"^(.+)-s(\d+)$")]
    private static partial Regex RunName();
}
