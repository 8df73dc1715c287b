namespace Rewind.Sparsity;

/// <summary>
/// Scorer settings that come from the run spec (<c>pruning.score_batches</c>, <c>pruning.synflow_iterations</c>).
/// </summary>
public sealed record ScorerSettings
{
    /// <summary>Defaults: one batch, one SynFlow pass (Paper A §5.9).</summary>
    public static ScorerSettings Default { get; } = new();

    /// <summary>Training batches the data-dependent scorers (snip, global-gradient) sum gradients over.</summary>
    public int ScoreBatches { get; init; } = 1;

    /// <summary>SynFlow rounds per pruning step: 1 = Paper A's one pass per level; Tanaka et al. use 100.</summary>
    public int SynflowIterations { get; init; } = 1;
}
