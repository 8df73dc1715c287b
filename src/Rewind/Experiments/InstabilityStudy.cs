using System.Globalization;
using System.Text.Json;
using Rewind.Analysis;
using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind experiment instability</c>: Frankle et al. 2020's instability analysis — the reason weight rewinding goes
/// back to an early step θ(k) rather than θ(0) — on Paper A's two strategies. The plan trains the reference runs (IMP as
/// Paper A runs it, i.e. weight rewinding to θ(k) at <c>pruning.rewind_to</c>, and LRR, sharing each seed's dense level
/// 0); <see cref="Compute"/> then branches from chosen levels L of each run: from θ(0)⊙M_L, θ(k)⊙M_L and (LRR) the
/// run's own level start, two copies train level L again in different data orders, and <see cref="Instability"/>
/// measures the error barrier on the straight line between them. Level 0 is measured once per seed, on the shared
/// dense run. One result file per (run, level, start), written as it finishes; a rerun skips the ones that exist.
/// </summary>
public sealed class InstabilityStudy : ArmStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "instability";

    /// <summary>The study folder's subfolder holding one result file per (run, level, start).</summary>
    public const string ResultsFolder = "instability";

    /// <summary>The arms: label and the strategy that implements it (Paper A's IMP is weight rewinding to θ(k)).</summary>
    public static IReadOnlyList<(string Label, string Strategy)> Strategies { get; } = [("imp", "wr"), ("lrr", "lrr")];

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Frankle et al. 2020's instability analysis: two copies from θ(0), θ(k) or LRR's level start, different data orders, " +
        "the test-error barrier on the line between them, per level (LeNet-300-100 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override int DefaultSeeds => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
    [
        new("levels-to-test", "Comma-separated levels to branch from (0 = the dense network).", "0,3,6,9,12"),
        new("starts", "Comma-separated start points: init (θ(0)⊙M_L), rewind (θ(k)⊙M_L), level-start (LRR's own start of level L).",
            "init,rewind,level-start"),
        new("alpha-steps", "The path is evaluated at α = 0, 1/n, …, 1 for n = this.", "10"),
        new("batch-norm", "BatchNorm running statistics of w(α): recompute (on training batches at every α) or interpolate.", "recompute"),
        new("bn-batches", "Training batches the recomputed BatchNorm statistics average over.", "20"),
        new("curve-level", "The level whose interpolation curves the report draws (default: the highest level tested)."),
    ];

    /// <summary>The study's default base spec, sized for two CPU cores (any key can be changed with <c>--set</c>).</summary>
    public override RunSpec DefaultSpec() => new()
    {
        Name = StudyName,
        Seed = 0,
        Data = new DataSpec { Name = "fashion-mnist", TrainSubset = 12000 },
        Model = new ModelSpec { Name = "lenet-300-100" },
        Training = new TrainingSpec { Duration = Duration.FromEpochs(2), BatchSize = 128 },
        Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
        Schedule = new ScheduleSpec { Name = "cosine" },
        Pruning = new PruningSpec { Levels = 12, Rate = 0.3, RewindTo = Duration.FromIterations(20) },
    };

    /// <summary>What the study's own options ask for, checked against the base spec.</summary>
    /// <param name="Levels">Levels to branch from, ascending.</param>
    /// <param name="Starts">Start points asked for.</param>
    /// <param name="Options">The measurement's settings.</param>
    /// <param name="CurveLevel">The level whose interpolation curves are drawn.</param>
    public sealed record Settings(IReadOnlyList<int> Levels, IReadOnlyList<InstabilityStart> Starts, InstabilityOptions Options, int CurveLevel);

    /// <summary>One measurement of the study: a run directory, a level and a start point, and where its result goes.</summary>
    /// <param name="Label">The run's label (<c>dense</c> for level 0, else the arm).</param>
    /// <param name="Seed">The run's seed.</param>
    /// <param name="Level">The level branched from.</param>
    /// <param name="Start">The start point.</param>
    /// <param name="RunDirectory">The reference run.</param>
    /// <param name="ResultPath">The result file (<c>instability/&lt;label&gt;-s&lt;seed&gt;/level-NN-&lt;start&gt;.json</c>).</param>
    public sealed record Measurement(string Label, int Seed, int Level, InstabilityStart Start, string RunDirectory, string ResultPath);

    /// <summary>The study's settings from its definition; every mistake is a user error naming the option.</summary>
    public Settings SettingsOf(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string P(string name) => context.Definition.Parameter(name) ?? Parameters.First(p => p.Name == name).Default ?? "";
        int last = context.BaseSpec.Pruning.Levels;
        var levels = Ints(P("levels-to-test"), "levels-to-test").Distinct().Order().ToArray();
        if (levels.Length == 0) throw new RewindUserException("--levels-to-test: name at least one level, e.g. 0,3,6.");
        foreach (int l in levels)
            if (l < 0 || l > last)
                throw new RewindUserException($"--levels-to-test: level {l} is not a level of the runs (levels 0..{last}, pruning.levels = {last}); " +
                                              "choose levels in that range or raise pruning.levels with --set.");
        var starts = P("starts").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Wrap("starts", () => Instability.ParseStart(s))).Distinct().ToArray();
        if (starts.Length == 0) throw new RewindUserException("--starts: name at least one of init, rewind, level-start.");
        var batchNorm = P("batch-norm") switch
        {
            "recompute" => InstabilityBatchNorm.Recompute,
            "interpolate" => InstabilityBatchNorm.Interpolate,
            var other => throw new RewindUserException($"--batch-norm: '{other}' is not a choice; use recompute or interpolate."),
        };
        var options = new InstabilityOptions
        {
            AlphaSteps = Int(P("alpha-steps"), "alpha-steps"),
            BatchNorm = batchNorm,
            BatchNormBatches = Int(P("bn-batches"), "bn-batches"),
        };
        options.Validate();
        int curve = context.Definition.Parameter("curve-level") is { } c ? Int(c, "curve-level") : levels[^1];
        if (!levels.Contains(curve))
            throw new RewindUserException($"--curve-level: level {curve} is not tested; choose one of --levels-to-test ({string.Join(",", levels)}).");
        return new Settings(levels, starts, options, curve);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        return Strategies.Select(s => new StudyArm(s.Label, b with { Pruning = b.Pruning with { Strategy = s.Strategy } })).ToArray();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PlannedRun> Plan(StudyContext context)
    {
        var settings = SettingsOf(context); // every option is checked before anything is written
        var plan = base.Plan(context);
        if (settings.Starts.Contains(InstabilityStart.LevelStart) &&
            plan.FirstOrDefault(r => r.Spec.Pruning is { } p && (p.KeepSigns || p.SignsFrom.Length > 0 || p.PerturbSigns.Level > 0)) is { } signed)
            throw new RewindUserException($"--starts: the {signed.Label} runs change signs at their level starts (pruning.keep_signs, signs_from or " +
                                          "perturb_signs), which the level-start point does not replay; measure --starts init,rewind, or drop those keys.");
        return plan;
    }

    /// <summary>
    /// Every measurement of the study, in the order <see cref="Compute"/> runs them: per seed, level 0 on the dense run
    /// (θ(0) and θ(k)), then per arm and level the start points that differ — θ(k) only when <c>pruning.rewind_to</c> &gt; 0
    /// (else it is θ(0)), the level start only for a strategy that does not restart at θ(0) or θ(k) (LRR).
    /// </summary>
    public IReadOnlyList<Measurement> Measurements(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = SettingsOf(context);
        var plan = base.Plan(context);
        var list = new List<Measurement>();
        foreach (int seed in context.Seeds)
        {
            var runs = plan.Where(r => r.Seed == seed).ToList();
            foreach (int level in settings.Levels)
                foreach (var run in runs.Where(r => (level == 0) == (r.Label == DenseLabel)))
                    foreach (var start in settings.Starts.Order().Where(s => Differs(run.Spec, level, s)))
                        list.Add(new Measurement(run.Label, seed, level, start, run.Directory, ResultPath(context, run.Label, seed, level, start)));
        }
        return list.OrderBy(m => m.Seed).ThenBy(m => m.Label == DenseLabel ? 0 : 1).ThenBy(m => m.Label, StringComparer.Ordinal)
            .ThenBy(m => m.Level).ThenBy(m => m.Start).ToList();
    }

    /// <summary>The result file of (run, level, start) in the study folder.</summary>
    public static string ResultPath(StudyContext context, string label, int seed, int level, InstabilityStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Path.Combine(context.Directory, ResultsFolder, $"{label}-s{seed.ToString(CultureInfo.InvariantCulture)}",
            $"level-{level.ToString("00", CultureInfo.InvariantCulture)}-{Instability.Name(start)}.json");
    }

    /// <summary>True when start point <paramref name="start"/> of <paramref name="level"/> is a start of its own for a run of <paramref name="spec"/>.</summary>
    private static bool Differs(RunSpec spec, int level, InstabilityStart start) => start switch
    {
        InstabilityStart.Init => true,
        InstabilityStart.Rewind => !spec.Pruning.RewindTo.IsZero,
        InstabilityStart.LevelStart => level > 0 && spec.Pruning.Strategy is not ("imp" or "wr" or "oneshot"),
        _ => false,
    };

    /// <inheritdoc/>
    public override void Compute(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = SettingsOf(context);
        var todo = Measurements(context).Where(m => !File.Exists(m.ResultPath)).ToList();
        int done = 0, total = todo.Count;
        if (total == 0) return;
        context.Messages?.Report($"Instability: {total} measurement(s) to do (two copies each).");
        foreach (var group in todo.GroupBy(m => m.RunDirectory))
        {
            var store = RunStore.Open(group.Key);
            var spec = store.Spec;
            if (spec.Threads > 0) set_num_threads(spec.Threads);
            var device = Devices.Resolve(spec.Device);
            using var data = RunFactory.LoadData(spec, device);
            foreach (var m in group)
            {
                var result = Instability.Measure(store, data, device, m.Level, m.Start, settings.Options);
                Directory.CreateDirectory(Path.GetDirectoryName(m.ResultPath)!);
                AtomicFile.WriteAllText(m.ResultPath, JsonSerializer.Serialize(result, Json.Options) + "\n");
                done++;
                context.Messages?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"Instability {done}/{total}: {m.Label}-s{m.Seed} level {m.Level} from {Instability.Name(m.Start)}: " +
                    $"barrier {result.ErrorBarrier * 100:0.00} points ({result.Seconds:0} s)."));
            }
        }
    }

    /// <summary>The stored results of the study's measurements (those that exist), in measurement order.</summary>
    public IReadOnlyList<(Measurement Measurement, InstabilityResult Result)> Results(StudyContext context)
    {
        var found = new List<(Measurement, InstabilityResult)>();
        foreach (var m in Measurements(context))
        {
            if (!File.Exists(m.ResultPath)) continue;
            try
            {
                var r = JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(m.ResultPath), Json.Options)
                        ?? throw new RewindUserException($"{m.ResultPath}: empty; delete it and rerun the study to measure it again.");
                found.Add((m, r));
            }
            catch (JsonException e)
            {
                throw new RewindUserException($"{m.ResultPath}: unreadable ({e.Message}); delete it and rerun the study to measure it again.", e);
            }
        }
        return found;
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Instability analysis (Frankle et al. 2020) of IMP (rewinding to θ(k)) and LRR — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> Sections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = SettingsOf(context);
        var found = Results(context);
        foreach (var section in InstabilityReport.Sections(context, settings, Measurements(context).Count, found)) yield return section;
        foreach (var section in base.Sections(context, results)) yield return section;
    }

    private static T Wrap<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (RewindUserException e)
        {
            throw new RewindUserException($"--{option}: {e.Message}", e);
        }
    }

    private static int Int(string text, string option) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new RewindUserException($"--{option}: '{text}' is not a whole number.");

    private static int[] Ints(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new RewindUserException($"--{option}: '{p}' is not a whole number.")).ToArray() is { Length: > 0 } a ? a
            : throw new RewindUserException($"--{option}: no value given.");
    }
}
