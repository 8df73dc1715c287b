using System.Globalization;
using System.Text;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;

namespace Rewind.Experiments.Silo;

/// <summary>
/// <c>rewind experiment oracle</c>: the Oracle of Paper B §5.4 against SILO and Rewind's adaptive peaks. At every
/// level the Oracle trains one trial per grid peak — each an independent, resumable run in
/// <c>oracle-trials/s&lt;seed&gt;/mNN-lrX</c> that copies levels 0..m−1 from the level before's chosen trial
/// (<see cref="LevelReuse"/>) — and continues from the one with the best validation accuracy (greedy). Its chosen peaks
/// then form the <c>oracle</c> arm (a <c>peak.name: list</c> run), beside warmup (fixed ε), silo and the adaptive arms.
/// </summary>
public sealed class OracleStudy : SiloStudy
{
    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper B §5.4: a greedy Oracle grid-searches every level's peak by validation accuracy; compared with SILO and the adaptive peaks.";

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
    [
        new("grid", "Peaks to try at every level, comma-separated (default: ε × 1/3, 2/3, 1, 5/3, 3)."),
        new("levels", "Pruning levels (replaces the base spec's pruning.levels; the Oracle trains one level per grid value).", "6"),
    ];

    /// <summary>The study's name on the command line.</summary>
    public const string StudyName = "oracle";

    /// <summary>The Oracle's optimised interval: grid values within this many percentage points of the best validation accuracy (Paper B).</summary>
    public const double IntervalPoints = 0.5;

    /// <summary>Default grid as multiples of ε (0.01, 0.02, 0.03, 0.05, 0.09 for ε = 0.03, bracketing SILO's ε + δ = 0.07).</summary>
    public static IReadOnlyList<double> DefaultGridFactors { get; } = [1.0 / 3, 2.0 / 3, 1, 5.0 / 3, 3];

    /// <summary>Pruning levels of the study unless <c>--levels</c> says otherwise: the Oracle trains a level per grid value.</summary>
    public const int DefaultLevels = 6;

    /// <summary>The default grid for a dense peak ε, each value rounded to 4 significant digits.</summary>
    public static IReadOnlyList<double> DefaultGrid(double epsilon) =>
        DefaultGridFactors.Select(f => double.Parse((f * epsilon).ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Parses a grid such as <c>0.01,0.02,0.05</c>; every value a learning rate &gt; 0.</summary>
    public static IReadOnlyList<double> ParseGrid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var grid = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v))
                throw new RewindUserException($"--grid: '{part}' is not a learning rate > 0; write e.g. 0.01,0.02,0.03,0.05.");
            grid.Add(v);
        }
        if (grid.Count == 0) throw new RewindUserException("--grid: give at least one learning rate, e.g. 0.01,0.02,0.03,0.05.");
        return grid.Distinct().Order().ToArray();
    }

    /// <summary>The arms besides the Oracle: warmup (fixed ε), silo, adaptive (gradient) and adaptive-activation.</summary>
    public static IReadOnlyList<StudyArm> OtherArms(RunSpec baseSpec)
    {
        var silo = RequireSilo(baseSpec, StudyName);
        return
        [
            new StudyArm("warmup", silo with { Peak = new PeakSpec() }),
            new StudyArm("silo", silo, ReuseFrom: "warmup"),
            new StudyArm("adaptive", silo with { Peak = new PeakSpec { Name = "adaptive", Statistic = "gradient" } }, ReuseFrom: "warmup"),
            new StudyArm("adaptive-activation", silo with { Peak = new PeakSpec { Name = "adaptive", Statistic = "activation" } }, ReuseFrom: "warmup"),
        ];
    }

    /// <summary>The run directory of the trial at <paramref name="level"/> with <paramref name="peak"/>.</summary>
    public static string TrialDirectory(string outDir, int seed, int level, double peak) =>
        Path.Combine(outDir, "oracle-trials", $"s{seed.ToString(CultureInfo.InvariantCulture)}",
            string.Create(CultureInfo.InvariantCulture, $"m{level:00}-lr{peak:G6}"));

    /// <summary>
    /// The spec of a trial: the fixed-peak base at ε = <paramref name="chosen"/>[0] (or the grid value at level 0), levels
    /// 1..m with <c>peak.name: list</c> = the earlier choices then <paramref name="peak"/>.
    /// </summary>
    public static RunSpec TrialSpec(RunSpec fixedBase, int seed, IReadOnlyList<double> chosen, double peak)
    {
        ArgumentNullException.ThrowIfNull(fixedBase);
        ArgumentNullException.ThrowIfNull(chosen);
        int level = chosen.Count;
        var spec = fixedBase with
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{fixedBase.Name}-oracle-s{seed}-m{level}-lr{peak:G6}"),
            Seed = seed,
            Pruning = fixedBase.Pruning with { Levels = level },
            Optimizer = fixedBase.Optimizer with { Lr = level == 0 ? peak : chosen[0] },
            Peak = level == 0 ? new PeakSpec() : new PeakSpec { Name = "list", Values = [.. chosen.Skip(1), peak] },
        };
        return RunValidation.Resolve(spec);
    }

    /// <summary>The base spec with the study's number of levels (<c>--levels</c>, default <see cref="DefaultLevels"/>).</summary>
    public static RunSpec EffectiveBase(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = RequireSilo(context.BaseSpec, StudyName);
        int levels = DefaultLevels;
        if (context.Definition.Parameter("levels") is { } text &&
            (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out levels) || levels < 0))
            throw new RewindUserException($"--levels: '{text}' is not a number of levels; use 0 or more.");
        return b with { Pruning = b.Pruning with { Levels = levels } };
    }

    /// <summary>The grid of the study (<c>--grid</c>, default <see cref="DefaultGrid"/> of ε).</summary>
    public static IReadOnlyList<double> Grid(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Definition.Parameter("grid") is { } g ? ParseGrid(g) : DefaultGrid(EffectiveBase(context).Optimizer.Lr);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        var b = EffectiveBase(context);
        var grid = Grid(context);
        return OtherArms(b).Append(new StudyArm("oracle", b with { Peak = new PeakSpec { Name = "list" } },
            Note: $"the base's shape; peak per level chosen greedily from [{string.Join(", ", grid.Select(SiloReport.G))}] by validation accuracy; {b.Optimizer.Name}")).ToArray();
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        var b = EffectiveBase(context);
        return $"Oracle vs SILO vs adaptive peaks: {b.Model.Name} on {b.Data.Name} (Paper B §5.4 at CPU scale)";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, SiloReport report)
    {
        var grid = Grid(context);
        yield return OracleSection(report, Decisions(context).Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value), grid);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        var report = new SiloReport(context.Results(Arms(context).Select(a => a.Label).ToArray()));
        int inside = 0, total = 0;
        foreach (var (seed, levels) in Decisions(context))
            foreach (var d in levels.Where(l => l.Level > 0))
            {
                var s = report.Runs.FirstOrDefault(r => r.Arm == "silo" && r.Seed == seed)?.Levels.FirstOrDefault(l => l.Level == d.Level);
                if (s is null) continue;
                total++;
                if (d.InInterval(s.PeakLearningRate)) inside++;
            }
        if (total == 0) return [];
        return [new StudyFinding("silo-in-oracle-interval", inside == total ? StudyFinding.Held : StudyFinding.NotHeld, string.Create(CultureInfo.InvariantCulture,
            $"SILO's peak inside the Oracle's interval (validation accuracy within {IntervalPoints} points of the best grid value) at {inside} of {total} (seed, pruned level) cases"))];
    }

    /// <summary>
    /// The runs known now: per seed the Oracle's trials level by level while every trial of the level before has
    /// finished (each continuing from that level's chosen trial); the other arms from the start; and the <c>oracle</c>
    /// arm (a <c>peak.name: list</c> run of the chosen peaks) once a seed's search is complete.
    /// </summary>
    public override IReadOnlyList<PlannedRun> Plan(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var baseSpec = EffectiveBase(context);
        if (baseSpec.Data.Validation <= 0)
            throw new RewindUserException(
                "data.validation: the Oracle chooses each level's peak by validation accuracy, so it needs a validation hold-out; " +
                "set data.validation to a number of training examples, e.g. --set data.validation=5000.");
        if (context.Definition.ArmOverrides.Any(o => o.StartsWith("oracle:", StringComparison.Ordinal)))
            throw new RewindUserException("--set oracle:…: the Oracle's trials follow the base spec; change it with a plain --set key=value.");
        var grid = Grid(context);
        var runs = new List<PlannedRun>();
        var decisions = Decisions(context, runs);
        var plan = PlanArms(context, OtherArms(baseSpec)).ToList();
        for (int i = 0; i < plan.Count; i++)
            if (plan[i].Label == "warmup" && grid.Contains(baseSpec.Optimizer.Lr)) // warmup's level 0 is the level-0 trial at ε
                plan[i] = plan[i] with { Reuse = new LevelReuse(TrialDirectory(context.Directory, plan[i].Seed, 0, baseSpec.Optimizer.Lr), 1) };
        runs.AddRange(plan);
        int levels = StrategyCatalog.PrunedLevels(baseSpec.Pruning.Strategy, baseSpec.Pruning.Levels);
        foreach (int seed in context.Seeds)
        {
            if (decisions[seed].Count < levels + 1) continue;
            var chosen = decisions[seed].Select(d => d.Chosen.Peak).ToArray();
            var spec = RunValidation.Resolve(baseSpec with
            {
                Name = $"{baseSpec.Name}-oracle-s{seed}",
                Seed = seed,
                Optimizer = baseSpec.Optimizer with { Lr = chosen[0] },
                Peak = new PeakSpec { Name = "list", Values = chosen.Skip(1).ToArray() },
            });
            runs.Add(new PlannedRun("oracle", seed, spec, context.RunDirectory("oracle", seed))
            {
                Reuse = new LevelReuse(decisions[seed][^1].Chosen.Directory, chosen.Length),
            });
        }
        return runs;
    }

    /// <summary>
    /// The Oracle's decisions per seed so far, read from its finished trials level by level (no training); when
    /// <paramref name="trials"/> is given, the trials of every level up to the first unfinished one are added to it.
    /// </summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<OracleLevel>> Decisions(StudyContext context, List<PlannedRun>? trials = null)
    {
        var baseSpec = EffectiveBase(context);
        var grid = Grid(context);
        var fixedBase = baseSpec with { Peak = new PeakSpec() };
        int levels = StrategyCatalog.PrunedLevels(baseSpec.Pruning.Strategy, baseSpec.Pruning.Levels);
        var result = new Dictionary<int, IReadOnlyList<OracleLevel>>();
        foreach (int seed in context.Seeds)
        {
            var decisions = new List<OracleLevel>();
            var chosen = new List<double>();
            for (int m = 0; m <= levels && grid.Count > 0; m++)
            {
                var level = grid.Select(g => new PlannedRun("oracle-trial", seed, TrialSpec(fixedBase, seed, chosen, g), TrialDirectory(context.Directory, seed, m, g))
                {
                    Reuse = m == 0 ? null : new LevelReuse(decisions[^1].Chosen.Directory, m),
                }).ToList();
                trials?.AddRange(level);
                if (!level.All(t => t.IsComplete())) break;
                var decision = OracleLevel.Decide(level.Zip(grid, (t, g) =>
                {
                    var s = RunStore.Open(t.Directory).ReadSummary(m);
                    return new OracleTrial(m, g, s.ValidationAccuracy, s.TestAccuracy, s.EarlyStopTestAccuracy, Path.GetFullPath(t.Directory));
                }).ToList());
                decisions.Add(decision);
                chosen.Add(decision.Chosen.Peak);
            }
            result[seed] = decisions;
        }
        return result;
    }

    /// <summary>"## The Oracle's choices": per seed and level the chosen peak, its interval and the other arms' peaks, with charts.</summary>
    public static string OracleSection(SiloReport report, IReadOnlyDictionary<int, IReadOnlyList<OracleLevel>> decisions, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(grid);
        if (decisions.Count == 0) return "## The Oracle's choices\n\nNo Oracle level has finished yet.\n\n";
        var md = new StringBuilder("## The Oracle's choices\n\n");
        md.Append("At every level the Oracle trained one trial per grid peak (").Append(string.Join(", ", grid.Select(SiloReport.G)))
          .Append("), each continuing from the level before's chosen trial, and kept the one with the best validation accuracy at the end of the level. ")
          .Append("Interval: the grid values within ").Append(IntervalPoints.ToString(CultureInfo.InvariantCulture))
          .Append(" points of the best validation accuracy (Paper B's \"Oracle optimized interval\"). ✓ = inside the interval.\n\n");
        var armPeaks = new[] { "silo", "adaptive", "adaptive-activation" };
        var inside = armPeaks.ToDictionary(a => a, _ => (In: 0, Of: 0));
        foreach (var (seed, levels) in decisions.OrderBy(kv => kv.Key))
        {
            md.Append("Seed ").Append(seed).Append(":\n\n");
            Markdown.Table(md, ["level", "density (%)", "Oracle peak", "interval", "val. acc. (%)", .. armPeaks.Select(a => a + " peak")],
                levels.Select(d =>
                {
                    var cells = new List<string>
                    {
                        d.Level.ToString(CultureInfo.InvariantCulture),
                        PercentFormat.Density(report.DensityOf(d.Level)),
                        SiloReport.G(d.Chosen.Peak),
                        $"[{SiloReport.G(d.IntervalLow)}, {SiloReport.G(d.IntervalHigh)}]",
                        PercentFormat.TwoDecimals(d.Chosen.ValidationAccuracy),
                    };
                    foreach (var a in armPeaks)
                    {
                        var run = report.Runs.FirstOrDefault(r => r.Arm == a && r.Seed == seed);
                        var s = run?.Levels.FirstOrDefault(l => l.Level == d.Level);
                        if (s is null) { cells.Add("–"); continue; }
                        bool ok = d.InInterval(s.PeakLearningRate);
                        var (i, n) = inside[a];
                        inside[a] = (i + (ok ? 1 : 0), n + 1);
                        cells.Add(SiloReport.G(s.PeakLearningRate) + (ok ? " ✓" : ""));
                    }
                    return (IReadOnlyList<string>)cells;
                }));
            md.Append('\n');
        }
        md.Append("Inside the Oracle's interval: ")
          .Append(string.Join("; ", armPeaks.Where(a => inside[a].Of > 0).Select(a => $"{a} at {inside[a].In} of {inside[a].Of} levels")))
          .Append(". Paper B (Tables 10–11, VGG-19 and ResNet-20 on CIFAR-10) found SILO inside the interval at every level it reports.\n\n");
        int trials = decisions.Values.Sum(l => l.Sum(d => d.Trials.Count));
        md.Append("Cost: the Oracle trained ").Append(trials).Append(" level-trials (").Append(grid.Count)
          .Append(" per level and seed); SILO and each adaptive arm train one level per level.\n\n");

        // Chart: Oracle choice (mean over seeds) with the union of the intervals, and every arm's peaks.
        var levelsAll = decisions.Values.SelectMany(l => l.Select(d => d.Level)).Distinct().Order().ToArray();
        var lines = new List<LineSeries>
        {
            new("oracle (interval shaded)", levelsAll.Select(l => (double)l).ToArray(),
                levelsAll.Select(l => decisions.Values.Average(ds => ds.First(d => d.Level == l).Chosen.Peak)).ToArray(),
                levelsAll.Select(l => decisions.Values.Min(ds => ds.First(d => d.Level == l).IntervalLow)).ToArray(),
                levelsAll.Select(l => decisions.Values.Max(ds => ds.First(d => d.Level == l).IntervalHigh)).ToArray()),
        };
        foreach (var a in armPeaks.Append("warmup"))
        {
            var lv = report.Levels.Where(l => report.At(a, l).Count > 0).ToArray();
            if (lv.Length > 0)
                lines.Add(new LineSeries(a, lv.Select(l => (double)l).ToArray(), lv.Select(l => report.At(a, l).Average(s => s.PeakLearningRate)).ToArray(),
                    Dashed: a == "warmup"));
        }
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "oracle-peaks.png"), "Peak per level: Oracle (greedy grid search) vs SILO vs adaptive",
                "pruning level m", "peak learning rate", lines))
            md.Append("![Peaks per level](plots/oracle-peaks.png)\n\n");

        // Chart: validation accuracy against the grid peak, one line per level (first seed).
        var first = decisions.OrderBy(kv => kv.Key).First();
        var gridLines = first.Value.Select(d => new LineSeries($"level {d.Level}",
            d.Trials.OrderBy(t => t.Peak).Select(t => t.Peak).ToArray(),
            d.Trials.OrderBy(t => t.Peak).Select(t => t.ValidationAccuracy * 100).ToArray())).ToArray();
        if (StudyCharts.Lines(Path.Combine(report.OutDir, "plots", "oracle-grid.png"), $"Validation accuracy of every Oracle trial (seed {first.Key})",
                "peak learning rate of the level", "validation accuracy (%)", gridLines))
            md.Append("![Validation accuracy against the grid peak](plots/oracle-grid.png)\n\n");
        return md.ToString();
    }
}
