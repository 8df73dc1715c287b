namespace Rewind.Sparsity;

/// <summary>The pruning criteria by name (the public face of the scorers).</summary>
public static class ScorerCatalog
{
    /// <summary>Every scorer name accepted by <c>pruning.scorer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["global-magnitude", "layer-magnitude", "random"];
}
