namespace Rewind.Sparsity;

/// <summary>A pruning criterion as listed to users: its <c>pruning.scorer</c> name, default scope and reference.</summary>
public sealed record ScorerInfo(string Name, PruningScope Scope, string Description);
