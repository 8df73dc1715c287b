using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind compare</c>: every strategy × seed of a base spec as independent, resumable runs, sharing the dense
/// level 0 of each seed (trained once in <c>runs/dense-sN</c>), then aggregated per level into mean and t-based
/// 95% confidence interval of test accuracy, <c>report.md</c>, <c>metrics.csv</c> and plots.
/// Layout: <c>OUT/study.yaml</c>, <c>OUT/runs/&lt;strategy&gt;-s&lt;seed&gt;/</c>, <c>OUT/report.md</c>, <c>OUT/metrics.csv</c>, <c>OUT/plots/</c>.
/// </summary>
public static class StrategyComparison
{
    /// <summary>File that records what the study is, so <c>rewind report</c> can rebuild it.</summary>
    public const string StudyFile = "study.yaml";

    /// <summary>The runs of the study, in execution order (each seed's dense run before the runs that reuse it).</summary>
    public static IReadOnlyList<PlannedRun> Plan(RunSpec baseSpec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds, string outDir)
    {
        if (strategies.Count == 0) throw new RewindUserException("--strategies: name at least one of " + string.Join(", ", Strategies.Names) + ".");
        foreach (var s in strategies)
            if (!Strategies.Names.Contains(s))
                throw new RewindUserException($"--strategies: '{s}' is not a strategy. Valid: {string.Join(", ", Strategies.Names)}.");
        if (seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        var runs = new List<PlannedRun>();
        foreach (int seed in seeds)
        {
            var dense = IterativePruning.Resolve(baseSpec with
            {
                Name = $"{baseSpec.Name}-dense-s{seed}",
                Seed = seed,
                Pruning = baseSpec.Pruning with { Levels = 0, Strategy = "lrr" },
            });
            string denseDir = Path.Combine(outDir, "runs", $"dense-s{seed}");
            runs.Add(new PlannedRun("dense", seed, dense, denseDir));
            foreach (var strategy in strategies)
            {
                var spec = IterativePruning.Resolve(baseSpec with
                {
                    Name = $"{baseSpec.Name}-{strategy}-s{seed}",
                    Seed = seed,
                    Pruning = baseSpec.Pruning with { Strategy = strategy },
                });
                runs.Add(new PlannedRun(strategy, seed, spec, Path.Combine(outDir, "runs", $"{strategy}-s{seed}"), denseDir));
            }
        }
        return runs;
    }

    /// <summary>
    /// Runs every planned run not yet finished (resuming unfinished ones), then writes the report.
    /// <paramref name="observerFor"/> gives the observer of each run (progress display).
    /// </summary>
    public static ComparisonTable Run(RunSpec baseSpec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds, string outDir,
        Func<PlannedRun, int, int, ITrainingObserver> observerFor, CancellationToken cancellation = default)
    {
        var plan = Plan(baseSpec, strategies, seeds, outDir);
        Directory.CreateDirectory(outDir);
        var studyPath = Path.Combine(outDir, StudyFile);
        var study = StudyYaml(baseSpec, strategies, seeds);
        if (File.Exists(studyPath) && File.ReadAllText(studyPath) != study)
            throw new RewindUserException(
                $"{outDir} already holds a different study ({studyPath}). Choose another --out or delete the folder.");
        AtomicFile.WriteAllText(studyPath, study);
        for (int i = 0; i < plan.Count; i++)
        {
            var run = plan[i];
            var dir = RunDirectory.Create(run.Directory, run.Spec);
            IterativePruning.Run(dir, observerFor(run, i, plan.Count),
                new RunOptions { LevelZeroFrom = run.LevelZeroFrom, Cancellation = cancellation });
        }
        return WriteReport(outDir);
    }

    /// <summary>Rebuilds the aggregated report of a study folder from its runs' stored metrics.</summary>
    public static ComparisonTable WriteReport(string outDir)
    {
        var runsDir = Path.Combine(outDir, "runs");
        if (!Directory.Exists(runsDir))
            throw new RewindUserException($"{outDir}: no runs/ folder, so there is no study to report on.");
        var results = new List<RunResult>();
        RunSpec? any = null;
        foreach (var d in Directory.GetDirectories(runsDir).OrderBy(x => x, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(d);
            if (name.StartsWith("dense-", StringComparison.Ordinal) || !File.Exists(Path.Combine(d, "spec.yaml"))) continue;
            var run = RunDirectory.Open(d);
            any ??= run.Spec;
            var levels = run.CompletedLevels();
            if (levels.Count == 0) continue;
            results.Add(new RunResult(run.Spec.Pruning.Strategy, run.Spec.Seed, d, levels));
        }
        if (results.Count == 0)
            throw new RewindUserException($"{outDir}: no finished level in any run yet; nothing to report.");
        var table = ComparisonTable.FromRuns(results);
        var seeds = results.Select(r => r.Seed).Distinct().Count();
        var facts = new Dictionary<string, string>
        {
            ["dataset"] = any!.Data.Name,
            ["model"] = any.Model.Name,
            ["training per level"] = any.Training.Duration.ToString(),
            ["optimizer"] = $"{any.Optimizer.Name}, lr {any.Optimizer.Lr}, momentum {any.Optimizer.Momentum}, weight decay {any.Optimizer.WeightDecay}",
            ["schedule"] = $"{any.Schedule.Name} (warm-up {any.Schedule.Warmup})",
            ["pruning"] = $"{any.Pruning.Scorer}, {any.Pruning.Rate:P0} of the remaining weights per level, {any.Pruning.Levels} levels",
            ["wr rewind point"] = any.Pruning.RewindTo.ToString(),
            ["seeds"] = seeds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["threads"] = any.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["compute time (all runs, s)"] = results.Sum(r => r.Levels.Sum(l => l.Seconds)).ToString("F0", System.Globalization.CultureInfo.InvariantCulture),
        };
        MarkdownReport.WriteComparisonReport(outDir, table,
            new ReportContext($"{any.Model.Name} on {any.Data.Name}: {string.Join(" vs ", results.Select(r => r.Strategy).Distinct())}",
                SpecWriter.ToYaml(any), facts));
        return table;
    }

    private static string StudyYaml(RunSpec baseSpec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds) =>
        $"# rewind compare\nstrategies: [{string.Join(", ", strategies)}]\nseeds: [{string.Join(", ", seeds)}]\nbase:\n" +
        string.Join("\n", SpecWriter.ToYaml(baseSpec).TrimEnd().Split('\n').Select(l => "  " + l)) + "\n";
}
