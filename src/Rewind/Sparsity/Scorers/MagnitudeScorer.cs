using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>Magnitude |w| (Han et al. 2015; ALGORITHMS.md §7.1/§7.2), global or per layer.</summary>
public sealed class MagnitudeScorer(string name, PruningScope scope) : IScorer
{
    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public PruningScope Scope { get; } = scope;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context)
    {
        using var noGrad = no_grad();
        return context.Prunable.Select(p => p.Parameter.detach().abs()).ToList();
    }
}
