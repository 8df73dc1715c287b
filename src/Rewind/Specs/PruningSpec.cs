using Rewind.Sparsity;
using Rewind.Strategies;
namespace Rewind.Specs;

/// <summary>How the network is pruned between levels and where each level restarts from.</summary>
public sealed record PruningSpec
{
    [Help("Where each pruned level restarts from (`rewind run --help` lists what each does).")]
    [Choices(typeof(StrategyCatalog), nameof(StrategyCatalog.Names))]
    public string Strategy { get; init; } = "lrr";

    [Help("Number of pruning levels after the dense level 0.")]
    [Range(0, 200)]
    public int Levels { get; init; } = 10;

    [Help("Fraction of the remaining weights removed per level (density after level i is (1-rate)^i).")]
    [Range(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double Rate { get; init; } = 0.2;

    [Help("Pruning criterion (`rewind prune --help` lists each with its reference).")]
    [Choices(typeof(ScorerCatalog), nameof(ScorerCatalog.Names))]
    public string Scorer { get; init; } = "global-magnitude";

    [Help("How the budget is spread over layers: auto (the scorer's own), or one scope for every scorer (structured removes whole neurons/filters).")]
    [Choices(typeof(PruningScopes), nameof(PruningScopes.Names))]
    public string Scope { get; init; } = "auto";

    [Help("Training batches (of training.batch_size) the data-dependent scorers (snip, global-gradient) sum gradients over; Paper A uses one.")]
    [Range(1, 100000)]
    public int ScoreBatches { get; init; } = 1;

    [Help("SynFlow rounds per pruning step: 1 = one pass per level on the trained weights (Paper A §5.9); Tanaka et al.'s original uses 100.")]
    [Range(1, 10000)]
    public int SynflowIterations { get; init; } = 1;

    [Help("Balanced scope: no-redistribution (Paper A's code: layers smaller than the per-layer budget stay dense and the achieved density is lower) or water-filling (exact overall density).")]
    [Choices(typeof(PruningScopes), nameof(PruningScopes.BalancedVariantNames))]
    public string BalancedVariant { get; init; } = "no-redistribution";

    [Help("ERK scope: rigl (too-dense layers made dense and the rest re-solved; exact overall density) or clamp (Paper A's code: clamp to 1, density below target).")]
    [Choices(typeof(PruningScopes), nameof(PruningScopes.ErkVariantNames))]
    public string ErkVariant { get; init; } = "rigl";

    [Help("wr: the point of the dense run the weights rewind to, e.g. \"500it\" or \"1ep\".")]
    public Duration RewindTo { get; init; } = Duration.Zero;

    [Help("Keep the output layer dense (open_lth's option); default prunes every Linear/Conv weight.")]
    public bool KeepOutputDense { get; init; }

    [Help("Rewind BatchNorm parameters and statistics to the rewind point at every level (Paper A, LRR on foreign masks).")]
    [Key("rewind_bn")]
    public bool RewindBatchNorm { get; init; }

    [Help("A run directory whose mask this run uses at every pruned level instead of scoring its own (mask transplant, Paper A Figs. 3–4); the donor must have the same model and at least as many levels.")]
    public string MaskFrom { get; init; } = "";

    [Help("A run directory whose signs this run takes at the start of every pruned level: |w_start| ⊙ sign(donor's weights at the end of the level before), so IMP rewinds magnitudes only (Paper A Figs. 7c,d, 12); where the donor has no sign (pruned there) the own sign stays.")]
    public string SignsFrom { get; init; } = "";

    [Help("Rewind magnitudes only: start every pruned level from |w_start| with the signs this run's weights had at the end of the level before (Paper A Fig. 7c, \"IMP, rewind magnitudes, keep learnt signs\").")]
    public bool KeepSigns { get; init; }

    [Help("Flip the signs of a fraction of the alive weights of every prunable layer at the start of one pruned level (Paper A Figs. 6, 7a,b).")]
    public SignPerturbationSpec PerturbSigns { get; init; } = new();
}

/// <summary>A sign perturbation at the start of one pruned level (Paper A §3, Figs. 6, 7a,b; ALGORITHMS §5.7).</summary>
public sealed record SignPerturbationSpec
{
    [Help("The pruned level at whose start the signs are flipped (0 = no perturbation); Paper A: level 1 (20% sparsity) and level 8 (83%).")]
    [Range(0, 200)]
    public int Level { get; init; }

    [Help("Fraction of the alive weights of every prunable layer whose sign is flipped, chosen by the run's seed (exactly round(fraction × alive) per layer); Paper A: 0.3 at level 1, 0.8 at level 8.")]
    [Range(0, 1)]
    public double Fraction { get; init; }
}
