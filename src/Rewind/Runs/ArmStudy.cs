using System.Globalization;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;

namespace Rewind.Runs;

/// <summary>
/// The common shape of a study: arms × seeds, every run independent and resumable. With
/// <see cref="SharesDenseLevel"/> each seed's dense level 0 is trained once (<c>runs/dense-s&lt;seed&gt;</c>) and every arm
/// of that seed copies it; an arm may instead copy the agreeing levels of another arm (<see cref="StudyArm.ReuseFrom"/>).
/// <c>ARM:key=value</c> overrides change one arm. The report compares the arms level by level (mean and 95% interval
/// over seeds), then adds the study's own sections.
/// </summary>
public abstract class ArmStudy : Study
{
    /// <summary>The label of the shared dense runs.</summary>
    public const string DenseLabel = "dense";

    /// <inheritdoc/>
    public override bool AcceptsArmOverrides => true;

    /// <summary>True when every arm copies its seed's shared dense level 0 (unless it copies another arm).</summary>
    protected virtual bool SharesDenseLevel => true;

    /// <summary>The arms, in report order, for the study's base spec and parameters.</summary>
    public abstract IReadOnlyList<StudyArm> Arms(StudyContext context);

    /// <summary>The report's title.</summary>
    protected abstract string Title(StudyContext context);

    /// <inheritdoc/>
    public override IReadOnlyList<PlannedRun> Plan(StudyContext context) => PlanArms(context, Arms(context));

    /// <summary>The runs of <paramref name="arms"/> × seeds (each seed's shared dense run first, if any), specs resolved.</summary>
    protected IReadOnlyList<PlannedRun> PlanArms(StudyContext context, IReadOnlyList<StudyArm> arms)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arms);
        if (context.Seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        var byArm = ArmOverrides(context.Definition.ArmOverrides, arms.Select(a => a.Label).ToArray());
        var runs = new List<PlannedRun>();
        foreach (int seed in context.Seeds)
        {
            PlannedRun? dense = null;
            if (SharesDenseLevel)
            {
                dense = DenseRun(context, seed);
                runs.Add(dense);
            }
            foreach (var arm in arms)
            {
                var spec = arm.Spec with { Name = $"{context.BaseSpec.Name}-{arm.Label}-s{seed}", Seed = seed };
                if (arm.ForSeed is not null) spec = arm.ForSeed(seed, spec);
                if (byArm.TryGetValue(arm.Label, out var overrides)) spec = SpecLoader.Apply(spec, overrides, $"--set {arm.Label}:");
                var reuse = arm.ReuseFrom is not null ? new LevelReuse(context.RunDirectory(arm.ReuseFrom, seed), int.MaxValue)
                    : dense is not null ? new LevelReuse(dense.Directory, 1)
                    : null;
                runs.Add(new PlannedRun(arm.Label, seed, RunValidation.Resolve(spec), context.RunDirectory(arm.Label, seed))
                {
                    Reuse = reuse,
                    After = arm.After?.Invoke(seed) ?? [],
                });
            }
        }
        return runs;
    }

    /// <summary>
    /// A seed's shared dense run: level 0 of the base spec (strategy, levels and scorer do not affect it), which the
    /// study's other runs of that seed reuse.
    /// </summary>
    public static PlannedRun DenseRun(StudyContext context, int seed)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        var spec = RunValidation.Resolve(b with
        {
            Name = $"{b.Name}-{DenseLabel}-s{seed}",
            Seed = seed,
            Pruning = b.Pruning with { Levels = 0, Strategy = "lrr" },
        });
        return new PlannedRun(DenseLabel, seed, spec, context.RunDirectory(DenseLabel, seed));
    }

    /// <summary>Splits <c>ARM:key=value</c> strings by arm; an unknown arm is a <see cref="RewindUserException"/> listing the arms.</summary>
    public static Dictionary<string, List<string>> ArmOverrides(IReadOnlyList<string> overrides, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            int colon = o.IndexOf(':', StringComparison.Ordinal), eq = o.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || (eq >= 0 && eq < colon))
                throw new RewindUserException($"--set '{o}': an override for one arm is written ARM:key=value, e.g. constant:optimizer.lr=0.01.");
            var label = o[..colon];
            if (!labels.Contains(label))
                throw new RewindUserException($"--set '{o}': '{label}' is not an arm of this study; the arms are {string.Join(", ", labels)}.");
            if (!result.TryGetValue(label, out var list)) result[label] = list = [];
            list.Add(o[(colon + 1)..]);
        }
        return result;
    }

    /// <summary>True when <paramref name="setValue"/> (a <c>--set</c> value) is written <c>ARM:key=value</c>.</summary>
    public static bool IsArmOverride(string setValue)
    {
        ArgumentNullException.ThrowIfNull(setValue);
        int colon = setValue.IndexOf(':', StringComparison.Ordinal), eq = setValue.IndexOf('=', StringComparison.Ordinal);
        return colon > 0 && (eq < 0 || colon < eq);
    }

    /// <inheritdoc/>
    public override string WriteReport(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results(Arms(context).Select(a => a.Label).ToArray());
        if (results.Runs.Count == 0)
            throw new RewindUserException($"{context.Directory}: no finished level in any run yet; nothing to report.");
        MarkdownReport.WriteComparisonReport(context.Directory, results.ToComparisonTable(),
            new ReportContext(Title(context), ReportSummary(context, results), Facts(context, results)));
        var path = context.PathOf("report.md");
        var (metricName, metric) = PrimaryMetric(results);
        var pairs = PairedReport.Compare(results, metric);
        MarkdownReport.AppendSections(path, [PairedReport.Section(pairs, metricName, results.Seeds.Count), .. Sections(context, results)]);
        return path;
    }

    /// <inheritdoc/>
    public override bool SupportsAutoSeeds => true;

    /// <inheritdoc/>
    public override int? SeedsNeeded(StudyContext context, double points)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results(Arms(context).Select(a => a.Label).ToArray());
        if (results.Seeds.Count < 2) return null;
        var pairs = PairedReport.Compare(results, PrimaryMetric(results).Metric, points);
        var needed = pairs.Where(p => p.SeedsNeeded > 0).Select(p => p.SeedsNeeded).ToArray();
        return needed.Length == 0 ? null : needed.Max();
    }

    /// <summary>The metric the paired comparisons use: final test accuracy (the SILO studies: Paper B's early-stop test accuracy).</summary>
    public virtual (string Name, Func<LevelSummary, double> Metric) PrimaryMetric(StudyResults results) =>
        ("final test accuracy", l => l.TestAccuracy);

    /// <summary>The sentences under the report's title.</summary>
    protected virtual string ReportSummary(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        var rate = (b.Pruning.Rate * 100).ToString("0.#", CultureInfo.InvariantCulture);
        return $"Each run prunes {rate}% of the remaining weights per level ({Criterion(results)}) and trains {b.Training.Duration} per level; " +
               (SharesDenseLevel ? "level 0 (dense) is trained once per seed and shared. " : "") +
               "The exact spec of every run is in `runs/<label>-s<seed>/spec.yaml`.";
    }

    /// <summary>The "What was run" facts.</summary>
    protected virtual IReadOnlyDictionary<string, string> Facts(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var any = results.Runs[0].Store.Spec;
        return new Dictionary<string, string>
        {
            ["dataset"] = any.Data.Name,
            ["model"] = any.Model.Name,
            ["training per level"] = any.Training.Duration.ToString(),
            ["optimizer"] = string.Create(CultureInfo.InvariantCulture,
                $"{any.Optimizer.Name}, lr {any.Optimizer.Lr}, momentum {any.Optimizer.Momentum}, weight decay {any.Optimizer.WeightDecay}"),
            ["schedule"] = $"{any.Schedule.Name} (warm-up {any.Schedule.Warmup})",
            ["pruning"] = string.Create(CultureInfo.InvariantCulture,
                $"{Criterion(results)}, {any.Pruning.Rate * 100:0.#}% of the remaining weights per level, {any.Pruning.Levels} levels"),
            ["wr rewind point"] = any.Pruning.RewindTo.ToString(),
            ["seeds"] = results.Seeds.Count.ToString(CultureInfo.InvariantCulture),
            ["threads"] = any.Threads.ToString(CultureInfo.InvariantCulture),
            ["compute time of all runs (s)"] = results.Runs.Sum(r => r.Levels.Sum(l => l.Seconds)).ToString("F0", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The study's own report sections after the comparison (default: the per-layer densities).</summary>
    protected virtual IEnumerable<string> Sections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        yield return LayerDensityReport.StudySection(results.OutDir, results.Runs.OrderBy(r => r.Seed).Select(r => (r.Arm, r.Store.Root)).ToList());
    }

    /// <summary>The pruning criterion of the arms: one name when they agree, else per arm.</summary>
    protected static string Criterion(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var criteria = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in results.Runs)
            criteria[r.Arm] = r.Store.Spec.Pruning.Scope == "auto" ? r.Store.Spec.Pruning.Scorer : $"{r.Store.Spec.Pruning.Scorer} ({r.Store.Spec.Pruning.Scope})";
        return criteria.Values.Distinct().Count() == 1 ? criteria.Values.First() : string.Join(", ", criteria.Select(c => $"{c.Key}: {c.Value}"));
    }
}
