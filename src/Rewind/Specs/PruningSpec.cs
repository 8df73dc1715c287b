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
}
