using Rewind.Sparsity.Scorers;

namespace Rewind.Sparsity;

/// <summary>The pruning criteria by name (the public face of the scorers).</summary>
public static class ScorerCatalog
{
    private static readonly Dictionary<string, Func<IScorer>> Factories = new(StringComparer.Ordinal)
    {
        ["global-magnitude"] = () => new MagnitudeScorer("global-magnitude", PruningScope.Global),
        ["layer-magnitude"] = () => new MagnitudeScorer("layer-magnitude", PruningScope.PerLayer),
        ["random"] = () => new RandomScorer(),
    };

    /// <summary>Every scorer name accepted by <c>pruning.scorer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToList();

    /// <summary>Creates the scorer called <paramref name="name"/>; unknown names are user errors listing the valid ones.</summary>
    public static IScorer Create(string name) =>
        Factories.TryGetValue(name, out var f)
            ? f()
            : throw new RewindUserException(
                $"pruning.scorer: '{name}' is not a known scorer. Valid: {string.Join(", ", Names)}.");
}
