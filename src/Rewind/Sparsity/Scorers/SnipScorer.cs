using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// SNIP connection sensitivity <c>|w·∂L/∂w|</c> (Lee et al. 2019; ALGORITHMS.md §7.6) computed, as in Paper A's
/// iterative variant (§5.9), on the current trained weights in eval mode (BN uses running statistics), over
/// <c>pruning.score_batches</c> training batches (Paper A: one), without SNIP's normalisation (ranking-equivalent).
/// </summary>
public sealed class SnipScorer(int batches = 1) : IScorer
{
    /// <inheritdoc/>
    public string Name => "snip";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.Global;

    /// <summary>Training batches the gradient is summed over.</summary>
    public int Batches { get; } = batches >= 1 ? batches : throw new ArgumentOutOfRangeException(nameof(batches));

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context) => WeightGradient.Scores(context, Batches, trainMode: false, Name);
}
