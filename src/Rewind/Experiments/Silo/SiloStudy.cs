using System.Globalization;
using System.Text;
using System.Text.Json;
using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Experiments.Silo;

/// <summary>
/// What the SILO studies (Paper B) share: the CPU-sized base spec, arms as lists of independent resumable runs
/// (<see cref="StudyRunner"/>), per-arm overrides, and the extra report sections (<see cref="SiloReport"/>).
/// </summary>
public static class SiloStudy
{
    /// <summary>
    /// The default base of every SILO study, Paper B's protocol at CPU scale (also <c>presets/silo-lenet-fashion-mnist.yaml</c>):
    /// LeNet-300-100 on 12 000 Fashion-MNIST training images (2 000 of them held out for validation), 4 epochs per level,
    /// SGD with momentum 0.9 and weight decay 1e-4 as Paper B, LR warm-up for a quarter of the level and a ×0.1 drop for
    /// its last quarter, LRR with global magnitude pruning of 20 % per level for 12 levels (6.9 % of the weights left),
    /// SILO with Paper B's ResNet-20 values
    /// ε = 0.03, δ = 0.04, q = 1, β = 5.
    /// </summary>
    public const string DefaultBaseYaml = """
        # Paper B's SILO protocol at CPU scale: LeNet-300-100 on Fashion-MNIST, a few minutes per study on 2 cores.
        # SILO's values are Paper B's ResNet-20 ones (Table 16): eps = optimizer.lr = 0.03, delta = 0.04, q = 1, beta = 5.
        name: silo-lenet
        data:
          name: fashion-mnist
          train_subset: 12000
          validation: 2000
        model:
          name: lenet-300-100
        training:
          duration: 4ep
          batch_size: 128
        optimizer:
          name: sgd
          lr: 0.03
          momentum: 0.9
          weight_decay: 0.0001
        schedule:
          name: warmup-step
          warmup: 1ep
          drops: [3ep]
        pruning:
          strategy: lrr
          levels: 12
          rate: 0.2
          scorer: global-magnitude
        peak:
          name: silo
          delta: 0.04
          q: 1
          beta: 5
        """;

    /// <summary>The default base spec (<see cref="DefaultBaseYaml"/>) with <paramref name="overrides"/> applied.</summary>
    public static RunSpec DefaultBase(IEnumerable<string>? overrides = null) =>
        SpecLoader.FromYaml(DefaultBaseYaml, "the SILO studies' default base spec", overrides);

    /// <summary>Training examples of <paramref name="spec"/> after subsetting and the validation hold-out (loads the dataset once).</summary>
    public static long TrainCount(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var data = IterativePruning.LoadData(spec, CPU);
        return data.TrainCount;
    }

    /// <summary>Steps of one level of <paramref name="spec"/> for <paramref name="trainCount"/> training examples.</summary>
    public static long LevelSteps(RunSpec spec, long trainCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Training.Duration.ToIterations(Data.Batches.BatchesPerEpoch(trainCount, spec.Training.BatchSize));
    }

    /// <summary>
    /// "## Learning rate over the first levels": every arm's learning rate at every step of levels 0..<paramref name="lastLevel"/>
    /// (peaks as planned; adaptive arms at optimizer.lr), drawn into <c>plots/learning-rates.png</c>.
    /// </summary>
    public static string LearningRateSection(string outDir, IReadOnlyList<StudyArm> arms, long trainCount, int lastLevel)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var lines = new List<Reporting.LineSeries>();
        foreach (var arm in arms)
        {
            var spec = arm.Spec with { Pruning = arm.Spec.Pruning with { Levels = Math.Min(lastLevel, arm.Spec.Pruning.Levels) } };
            if (spec.Peak.Name == "list" && spec.Peak.Values.Count > spec.Pruning.Levels)
                spec = spec with { Peak = spec.Peak with { Values = spec.Peak.Values.Take(spec.Pruning.Levels).ToArray() } };
            var points = ScheduleTrace.Of(spec, trainCount).Points(4000);
            lines.Add(new Reporting.LineSeries(arm.Label, points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.LearningRate).ToArray()));
        }
        bool drawn = Reporting.StudyCharts.Lines(Path.Combine(outDir, "plots", "learning-rates.png"),
            $"Learning rate at every step of levels 0–{lastLevel}", "step (cumulative over levels)", "learning rate", lines);
        return drawn
            ? $"## Learning rate over levels 0–{lastLevel}\n\n![Learning rate of every arm over the first levels](plots/learning-rates.png)\n\n"
            : "";
    }

    /// <summary>
    /// The base spec, checked to be a SILO spec (peak.name silo): otherwise a user error for <paramref name="study"/> says
    /// what to set. The peak rule is part of every arm's definition, so the base must name δ.
    /// </summary>
    public static RunSpec RequireSilo(RunSpec baseSpec, string study)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        if (baseSpec.Peak.Name != "silo")
            throw new RewindUserException(
                $"peak.name: the {study} study derives its arms from a SILO base spec (optimizer.lr = ε, peak.delta = δ), but the base has " +
                $"peak.name '{baseSpec.Peak.Name}'; add --set peak.name=silo --set peak.delta=0.04 (Paper B's ResNet-20 value) or use a SILO preset.");
        return baseSpec;
    }

    /// <summary>
    /// The runs of <paramref name="arms"/> × seeds, in execution order (per seed, arms in order; an arm that reuses another
    /// comes after it), with each arm's <c>ARM:key=value</c> overrides applied and every spec resolved.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(IReadOnlyList<StudyArm> arms, StudySettings settings)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        var byArm = ArmOverrides(settings.ArmOverrides, arms.Select(a => a.Label).ToArray());
        var runs = new List<PlannedRun>();
        foreach (int seed in settings.Seeds)
        {
            foreach (var arm in arms)
            {
                var spec = arm.Spec with { Name = $"{settings.BaseSpec.Name}-{arm.Label}-s{seed}", Seed = seed };
                if (byArm.TryGetValue(arm.Label, out var overrides)) spec = SpecLoader.Apply(spec, overrides, $"--set {arm.Label}:");
                spec = IterativePruning.Resolve(spec);
                var reuse = arm.ReuseFrom is null
                    ? null
                    : new LevelReuse(StudyRunner.RunDirectoryFor(settings.OutDir, arm.ReuseFrom, seed), int.MaxValue);
                runs.Add(new PlannedRun(arm.Label, seed, spec, StudyRunner.RunDirectoryFor(settings.OutDir, arm.Label, seed), Reuse: reuse));
            }
        }
        return runs;
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

    /// <summary>What a SILO study folder records (<see cref="RecordFile"/>) so its report can be rebuilt without the command line.</summary>
    private sealed record StudyRecord(string Study, string Title, List<ArmRecord> Arms, string BaseYaml, List<int> Seeds, List<double> Grid, long TrainCount);

    /// <summary>One arm as recorded: label, resolved spec (YAML), reuse source and note.</summary>
    private sealed record ArmRecord(string Label, string SpecYaml, string? ReuseFrom, string? Note);

    /// <summary>The file in a SILO study folder that lets <c>rewind report</c> rebuild the full report.</summary>
    public const string RecordFile = "silo-study.json";

    /// <summary>
    /// Runs the planned runs (resuming what exists; the folder is claimed by <c>study.yaml</c> first), then writes the
    /// report: the comparison of final test accuracies (<see cref="Reporting.MarkdownReport"/>) followed by the SILO
    /// sections (arms, early-stop accuracy, peaks) and the study's own. <paramref name="grid"/> (Oracle) and
    /// <paramref name="trainCount"/> (schedule traces) feed the study's sections.
    /// </summary>
    public static Reporting.ComparisonTable Run(StudySettings settings, string studyName, string title, IReadOnlyList<StudyArm> arms,
        IReadOnlyList<PlannedRun> plan, Func<PlannedRun, int, int, ITrainingObserver> observerFor, string? description = null,
        IReadOnlyList<double>? grid = null, long trainCount = 0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observerFor);
        Claim(settings.OutDir, description ?? Describe(studyName, settings, arms));
        AtomicFile.WriteAllText(Path.Combine(settings.OutDir, StudyRunner.LabelsFile), string.Join('\n', arms.Select(a => a.Label)) + "\n");
        var record = new StudyRecord(studyName, title,
            arms.Select(a => new ArmRecord(a.Label, SpecWriter.ToYaml(a.Spec), a.ReuseFrom, a.Note)).ToList(),
            SpecWriter.ToYaml(settings.BaseSpec), [.. settings.Seeds], [.. grid ?? []], trainCount);
        AtomicFile.WriteAllText(Path.Combine(settings.OutDir, RecordFile), JsonSerializer.Serialize(record, Json.Options) + "\n");
        for (int i = 0; i < plan.Count; i++)
        {
            var run = plan[i];
            var dir = RunDirectory.Create(run.Directory, run.Spec);
            IterativePruning.Run(dir, observerFor(run, i, plan.Count),
                new RunOptions { LevelZeroFrom = run.LevelZeroFrom, ReuseLevels = run.Reuse, Cancellation = cancellation });
        }
        return WriteReport(settings, title, arms, report => StudySections(studyName, report, settings, arms, grid ?? [], trainCount));
    }

    /// <summary>
    /// Rebuilds the full report of a SILO study folder from its runs and <see cref="RecordFile"/> (what <c>rewind
    /// report DIR</c> calls). False when the folder is not a SILO study.
    /// </summary>
    public static bool TryRebuildReport(string outDir)
    {
        var path = Path.Combine(outDir, RecordFile);
        if (!File.Exists(path)) return false;
        StudyRecord record;
        try
        {
            record = JsonSerializer.Deserialize<StudyRecord>(File.ReadAllText(path), Json.Options)
                     ?? throw new RewindUserException($"{path}: empty study record.");
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable study record ({e.Message}); rerun the study's `rewind experiment` command to rebuild it.", e);
        }
        var settings = new StudySettings(SpecLoader.FromYaml(record.BaseYaml, path), record.Seeds, outDir);
        var arms = record.Arms.Select(a => new StudyArm(a.Label, SpecLoader.FromYaml(a.SpecYaml, path), a.ReuseFrom, a.Note)).ToArray();
        WriteReport(settings, record.Title, arms, report => StudySections(record.Study, report, settings, arms, record.Grid, record.TrainCount));
        return true;
    }

    private static IEnumerable<string> StudySections(string study, SiloReport report, StudySettings settings, IReadOnlyList<StudyArm> arms,
        IReadOnlyList<double> grid, long trainCount) => study switch
        {
            ScheduleStudy.Name => ScheduleStudy.Sections(settings, arms, trainCount),
            SensitivityStudy.Name => [SensitivityStudy.GridSection(report, arms)],
            OracleStudy.Name => [OracleStudy.OracleSection(report, OracleStudy.ReadDecisions(settings, grid), grid)],
            GradientNarrowingStudy.Name => GradientNarrowingStudy.Sections(report),
            _ => [],
        };

    /// <summary>Writes the report of a study whose runs exist (see <see cref="Run"/>).</summary>
    public static Reporting.ComparisonTable WriteReport(StudySettings settings, string title, IReadOnlyList<StudyArm> arms,
        Func<SiloReport, IEnumerable<string>>? extraSections = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arms);
        var report = SiloReport.Read(settings.OutDir, arms.Select(a => a.Label).ToArray());
        if (report.Runs.Count == 0)
            throw new RewindUserException($"{settings.OutDir}: no finished level in any run yet; nothing to report.");
        var table = Reporting.ComparisonTable.FromRuns(report.Runs.Select(r => new Reporting.RunResult(r.Arm, r.Seed, r.Run.Root, r.Levels)).ToArray());
        var b = settings.BaseSpec;
        var facts = new Dictionary<string, string>
        {
            ["dataset"] = $"{b.Data.Name}" + (b.Data.TrainSubset > 0 ? $", first {b.Data.TrainSubset:N0} training examples" : "") +
                          (b.Data.Validation > 0 ? $", {b.Data.Validation:N0} training examples held out for validation" : ", no validation hold-out") +
                          (b.Data.TestSubset > 0 ? $", first {b.Data.TestSubset:N0} test examples" : ", full test set"),
            ["model"] = b.Model.Name,
            ["training per level"] = $"{b.Training.Duration}, batch {b.Training.BatchSize}",
            ["base optimizer"] = string.Create(CultureInfo.InvariantCulture,
                $"{b.Optimizer.Name}, momentum {b.Optimizer.Momentum}, weight decay {b.Optimizer.WeightDecay}"),
            ["base learning rate"] = $"ε = {Num(b.Optimizer.Lr)}, peak {PeakSchedules.Describe(b.Peak, b.Optimizer.Lr, b.Pruning.Rate)}",
            ["pruning"] = string.Create(CultureInfo.InvariantCulture,
                $"{b.Pruning.Strategy}, {b.Pruning.Scorer}, {b.Pruning.Rate * 100:0.#}% of the remaining weights per level, levels 0–{b.Pruning.Levels}"),
            ["seeds"] = string.Join(", ", settings.Seeds),
            ["threads"] = b.Threads == 0 ? "default" : b.Threads.ToString(CultureInfo.InvariantCulture),
            ["compute time of all runs (s)"] = report.Runs.Sum(r => r.Levels.Sum(l => l.Seconds)).ToString("F0", CultureInfo.InvariantCulture) +
                                               " (levels shared between arms counted once per arm)",
        };
        var summary = "Every arm is an independent, resumable run per seed (`runs/<arm>-s<seed>/`, exact spec in its `spec.yaml`); " +
                      "arms whose first levels would be identical copy them instead of training them again. Accuracies in the first table are " +
                      "the final test accuracy of each level; Paper B's early-stop test accuracy follows further down.";
        Reporting.MarkdownReport.WriteComparisonReport(settings.OutDir, table, new Reporting.ReportContext(title, summary, facts));
        var sections = new List<string> { report.ArmsSection(arms), report.EarlyStopSection(), report.PeaksSection() };
        if (extraSections is not null) sections.AddRange(extraSections(report));
        report.WriteCsv();
        SiloReport.Append(settings.OutDir, sections);
        return table;
    }

    /// <summary>Records <paramref name="description"/> in <c>study.yaml</c>; a folder holding a different study is a <see cref="RewindUserException"/>.</summary>
    public static void Claim(string outDir, string description)
    {
        Directory.CreateDirectory(outDir);
        var studyPath = Path.Combine(outDir, StudyRunner.StudyFile);
        if (File.Exists(studyPath) && File.ReadAllText(studyPath) != description)
            throw new RewindUserException(
                $"{outDir} already holds a different study (see {studyPath}). Choose another --out or delete the folder.");
        AtomicFile.WriteAllText(studyPath, description);
    }

    /// <summary>The study's identity as YAML (recorded in <c>study.yaml</c>; a different study in the same folder is refused).</summary>
    public static string Describe(string studyName, StudySettings settings, IReadOnlyList<StudyArm> arms)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sb = new StringBuilder();
        sb.Append("# rewind experiment ").Append(studyName).Append('\n');
        sb.Append("seeds: [").Append(string.Join(", ", settings.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
        sb.Append("arms: [").Append(string.Join(", ", arms.Select(a => a.Label))).Append("]\n");
        if (settings.ArmOverrides.Count > 0)
            sb.Append("arm_overrides: [").Append(string.Join(", ", settings.ArmOverrides.Select(o => "\"" + o.Replace("\"", "\\\"") + "\""))).Append("]\n");
        sb.Append("base:\n").Append(StudyRunner.Indented(settings.BaseSpec));
        return sb.ToString();
    }

    /// <summary>One line per arm: schedule shape and peak rule, for reports.</summary>
    public static string ArmLine(StudyArm arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        if (arm.Note is not null) return arm.Note;
        var s = arm.Spec;
        var shape = s.Schedule.Name switch
        {
            "warmup-step" => $"warmup-step (ramp {s.Schedule.Warmup}, ×{Num(s.Schedule.DropFactor)} at [{string.Join(", ", s.Schedule.Drops)}])",
            "linear-decay" => $"linear-decay (to 0 over {(s.Schedule.DecaySteps.IsZero ? "the level" : s.Schedule.DecaySteps.ToString())})",
            "cyclical" => $"cyclical ({Num(s.Schedule.CycleLow)} ↔ peak, half-period {s.Schedule.HalfPeriod})",
            "cosine" => $"cosine (warm-up {s.Schedule.Warmup}, floor {Num(s.Schedule.MinLr)})",
            _ => s.Schedule.Name,
        };
        return $"{shape}; peak {PeakSchedules.Describe(s.Peak, s.Optimizer.Lr, s.Pruning.Rate)}; {s.Optimizer.Name}";
    }

    internal static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

}
