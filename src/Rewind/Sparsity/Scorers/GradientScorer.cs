using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// Global gradient-magnitude <c>|w·∂L/∂w|</c> (Blalock et al. 2020, ShrinkBench <c>GlobalMagGrad</c>;
/// ALGORITHMS.md §7.3): the gradient is taken in train mode, as ShrinkBench switches to <c>model.train()</c>,
/// over <c>pruning.score_batches</c> training batches; one global threshold.
/// </summary>
public sealed class GradientScorer(int batches = 1) : IScorer
{
    /// <inheritdoc/>
    public string Name => "global-gradient";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.Global;

    /// <summary>Training batches the gradient is summed over.</summary>
    public int Batches { get; } = batches >= 1 ? batches : throw new ArgumentOutOfRangeException(nameof(batches));

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context) => WeightGradient.Scores(context, Batches, trainMode: true, Name);
}
