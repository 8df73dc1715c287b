using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// Magnitude |w| (Han et al. 2015; ALGORITHMS.md §7.1 global, §7.2 per layer). With the structured scope the
/// pruner sums it per filter/neuron, which is Li et al.'s L1-norm filter criterion (§7.8, <c>l1-filter</c>).
/// </summary>
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
