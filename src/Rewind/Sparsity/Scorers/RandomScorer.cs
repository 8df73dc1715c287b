using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// Random scores |z|, z ~ N(0,1), drawn from a generator seeded by the run seed and level (ALGORITHMS.md §7.9,
/// random-global). The same seed and level always give the same mask.
/// </summary>
public sealed class RandomScorer : IScorer
{
    /// <inheritdoc/>
    public string Name => "random";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.Global;

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
