namespace Rewind.Sparsity;

/// <summary>
/// Settings of the <see cref="Pruner"/> that are not the score: an explicit scope overriding the scorer's own,
/// the balanced and ERK variants, and the layer chain the structured scope follows (when null, the prunable tensors
/// themselves are chained in order and the last one is taken as the output layer).
/// </summary>
public sealed record PrunerOptions
{
    /// <summary>The defaults: the scorer's own scope, Paper A's balanced rule, RigL's ERK.</summary>
    public static PrunerOptions Default { get; } = new();

    /// <summary>Scope to use instead of <see cref="IScorer.Scope"/> (null: the scorer's).</summary>
    public PruningScope? Scope { get; init; }

    /// <summary>Balanced scope: Paper A's no-redistribution rule or exact water-filling (§5.4).</summary>
    public BalancedVariant Balanced { get; init; } = BalancedVariant.NoRedistribution;

    /// <summary>ERK scope: RigL's redistribution or Paper A's clamp (§7.9).</summary>
    public ErkVariant Erk { get; init; } = ErkVariant.RigL;

    /// <summary>Producer → consumer links for the structured scope (null: chain the prunable tensors).</summary>
    public LayerChain? Chain { get; init; }
}
