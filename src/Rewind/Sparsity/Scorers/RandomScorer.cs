using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// Random scores |z|, z ~ N(0,1), drawn from a generator seeded by the run seed and level (ALGORITHMS.md §7.9).
/// The scope makes the variant: <c>random</c> (global), <c>random-uniform</c> (per layer), <c>random-balanced</c>
/// (Paper A §5.4) and <c>random-erk</c> (Erdős–Rényi-kernel). The same seed and level always give the same mask;
/// already-pruned entries stay pruned, as with Paper A's <c>mask·|z|</c>.
/// </summary>
public sealed class RandomScorer(string name, PruningScope scope) : IScorer
{
    /// <summary>The global variant, <c>random</c>.</summary>
    public RandomScorer() : this("random", PruningScope.Global) { }

    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public PruningScope Scope { get; } = scope;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context)
    {
        using var gen = new Generator((ulong)context.Seed, CPU);
        return context.Prunable
            .Select(p =>
            {
                using var z = randn(p.Parameter.shape, generator: gen);
                return z.abs_().to(p.Parameter.device);
            })
            .ToList();
    }
}
