using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind experiment iterative-criteria</c>: Paper A's iterative SNIP/SynFlow study (§5.9, Fig. 16) — IMP and LRR,
/// each pruning with magnitude, SNIP or SynFlow scores computed on the current trained weights, one global scoring
/// pass per level. "IMP" is Paper A's IMP: weight rewinding to θ(k) at <c>pruning.rewind_to</c> (θ(0) when that is
/// 0), strategy <c>wr</c>; "LRR" keeps the weights and restarts the schedule. Labels are
/// <c>imp-magnitude</c> … <c>lrr-synflow</c>; each seed's dense level 0 is trained once and shared. The default is
/// sized for a CPU: LeNet-300-100 on Fashion-MNIST, 2 epochs per level, half of the remaining weights per level,
/// 5 levels (3.1% density, where the criteria part ways). Fig. 16's third curve per criterion is the arm
/// <c>imp-lrrmask-lrrsigns-&lt;criterion&gt;</c>: IMP (wr) started from its own rewound magnitudes on LRR's mask with
/// LRR's signs, both from the <c>lrr-&lt;criterion&gt;</c> run of the same seed (which runs first).
/// </summary>
public sealed class IterativeCriteriaStudy : ArmStudy
{
    /// <inheritdoc/>
    public override string Name => "iterative-criteria";

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A §5.9: IMP and LRR pruning with magnitude, SNIP and SynFlow scores (LeNet-300-100 / Fashion-MNIST by default).";

    /// <summary>The arms: label prefix and the strategy that implements it.</summary>
    public static IReadOnlyList<(string Label, string Strategy)> Strategies { get; } = [("imp", "wr"), ("lrr", "lrr")];

    /// <summary>The criteria: label suffix and <c>pruning.scorer</c>.</summary>
    public static IReadOnlyList<(string Label, string Scorer)> Criteria { get; } =
        [("magnitude", "global-magnitude"), ("snip", "snip"), ("synflow", "synflow")];

    /// <summary>The study's default base spec (any key can be overridden with <c>--set</c>).</summary>
    public override RunSpec DefaultSpec() => new()
    {
        Name = "iterative-criteria",
        Seed = 0,
        Data = new DataSpec { Name = "fashion-mnist" },
        Model = new ModelSpec { Name = "lenet-300-100" },
        Training = new TrainingSpec { Duration = Duration.FromEpochs(2), BatchSize = 128 },
        Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
        Schedule = new ScheduleSpec { Name = "cosine", Warmup = Duration.FromIterations(200) },
        Pruning = new PruningSpec { Levels = 5, Rate = 0.5, RewindTo = Duration.FromIterations(200), ScoreBatches = 1 },
    };

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        RunSpec With(string strategy, string scorer) => b with { Pruning = b.Pruning with { Strategy = strategy, Scorer = scorer } };
        var plain = Strategies.SelectMany(arm => Criteria.Select(c => new StudyArm($"{arm.Label}-{c.Label}", With(arm.Strategy, c.Scorer))));
        var transplanted = Criteria.Select(c => PaperA.PaperAStudy.WithDonors(context, $"imp-lrrmask-lrrsigns-{c.Label}", With("wr", c.Scorer),
            maskFrom: $"lrr-{c.Label}", signsFrom: $"lrr-{c.Label}"));
        return plain.Concat(transplanted).ToArray();
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Iterative criteria (Paper A §5.9): IMP and LRR with magnitude, SNIP and SynFlow — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }
}
