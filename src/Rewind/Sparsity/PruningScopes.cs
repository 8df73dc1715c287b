namespace Rewind.Sparsity;

/// <summary>
/// The names of the pruning scopes and of the balanced and ERK variants — the lists the spec keys
/// <c>pruning.scope</c>, <c>pruning.balanced_variant</c> and <c>pruning.erk_variant</c> allow — and their meaning.
/// </summary>
public static class PruningScopes
{
    private static readonly (string Name, PruningScope? Scope)[] Scopes =
    [
        ("auto", null), ("global", PruningScope.Global), ("per-layer", PruningScope.PerLayer), ("balanced", PruningScope.Balanced),
        ("erk", PruningScope.Erk), ("structured", PruningScope.Structured),
    ];

    private static readonly (string Name, BalancedVariant Variant)[] Balanced =
        [("no-redistribution", BalancedVariant.NoRedistribution), ("water-filling", BalancedVariant.WaterFilling)];

    private static readonly (string Name, ErkVariant Variant)[] Erk = [("rigl", ErkVariant.RigL), ("clamp", ErkVariant.Clamp)];

    /// <summary>Every scope name; <c>auto</c> means the scorer's own scope.</summary>
    public static IReadOnlyList<string> Names { get; } = Scopes.Select(s => s.Name).ToArray();

    /// <summary>Every balanced-scope variant name.</summary>
    public static IReadOnlyList<string> BalancedVariantNames { get; } = Balanced.Select(s => s.Name).ToArray();

    /// <summary>Every ERK-scope variant name.</summary>
    public static IReadOnlyList<string> ErkVariantNames { get; } = Erk.Select(s => s.Name).ToArray();

    /// <summary>The scope called <paramref name="name"/> (null for <c>auto</c>).</summary>
    public static PruningScope? Parse(string name) =>
        Scopes.FirstOrDefault(s => s.Name == name) is { Name: not null } found ? found.Scope
            : throw new RewindUserException($"pruning.scope: '{name}' is not a scope. Valid: {string.Join(", ", Names)}.");

    /// <summary>The balanced variant called <paramref name="name"/>.</summary>
    public static BalancedVariant ParseBalanced(string name) =>
        Balanced.FirstOrDefault(s => s.Name == name) is { Name: not null } found ? found.Variant
            : throw new RewindUserException($"pruning.balanced_variant: '{name}' is not a variant. Valid: {string.Join(", ", BalancedVariantNames)}.");

    /// <summary>The ERK variant called <paramref name="name"/>.</summary>
    public static ErkVariant ParseErk(string name) =>
        Erk.FirstOrDefault(s => s.Name == name) is { Name: not null } found ? found.Variant
            : throw new RewindUserException($"pruning.erk_variant: '{name}' is not a variant. Valid: {string.Join(", ", ErkVariantNames)}.");
}
