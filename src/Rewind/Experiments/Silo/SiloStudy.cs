using System.Globalization;
using System.Text;
using System.Text.Json;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Experiments.Silo;

/// <summary>
/// What the SILO studies (Paper B) share: the CPU-sized base spec, arms that copy the levels they share with another
/// arm, and the report — the comparison of final test accuracies followed by the arms, Paper B's early-stop test
/// accuracy, the peak of every level (<see cref="SiloReport"/>, <c>silo-metrics.csv</c>) and the study's own sections.
/// </summary>
public abstract class SiloStudy : ArmStudy
{
    /// <inheritdoc/>
    public override int DefaultSeeds => 2;

    /// <inheritdoc/>
    protected override bool SharesDenseLevel => false;

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => DefaultBase();

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
    public static long TrainCount(RunSpec spec) => RunFactory.TrainCount(spec);

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

    /// <inheritdoc/>
    protected override string ReportSummary(StudyContext context, StudyResults results) =>
        "Every arm is an independent, resumable run per seed (`runs/<arm>-s<seed>/`, exact spec in its `spec.yaml`); " +
        "arms whose first levels would be identical copy them instead of training them again. Accuracies in the first table are " +
        "the final test accuracy of each level; Paper B's early-stop test accuracy follows further down.";

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, string> Facts(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var b = context.BaseSpec;
        return new Dictionary<string, string>
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
            ["seeds"] = string.Join(", ", context.Seeds),
            ["threads"] = b.Threads == 0 ? "default" : b.Threads.ToString(CultureInfo.InvariantCulture),
            ["compute time of all runs (s)"] = results.Runs.Sum(r => r.Levels.Sum(l => l.Seconds)).ToString("F0", CultureInfo.InvariantCulture) +
                                               " (levels shared between arms counted once per arm)",
        };
    }

    /// <inheritdoc/>
    public override (string Name, Func<LevelSummary, double> Metric) PrimaryMetric(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.HasValidation ? ("early-stop test accuracy", l => l.EarlyStopTestAccuracy) : ("final test accuracy", l => l.TestAccuracy);
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> Sections(StudyContext context, StudyResults results)
    {
        var report = new SiloReport(results);
        report.WriteCsv();
        return new[] { SiloReport.ArmsSection(Arms(context)), report.EarlyStopSection(), report.PeaksSection() }.Concat(StudySections(context, report));
    }

    /// <summary>The study's own sections after the SILO ones.</summary>
    protected virtual IEnumerable<string> StudySections(StudyContext context, SiloReport report) => [];
}
