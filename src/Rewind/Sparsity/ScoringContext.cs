using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// What a scorer may look at: the trained model, its prunable tensors, the current mask, a seed for random scores
/// (derived from the run seed and the level), for data-dependent scorers a source of training batches
/// (<c>Batches(n)</c> gives the level's first <c>n</c> scoring batches; the caller of the scorer owns nothing of
/// them, the scorer disposes them), the shape of one input example (SynFlow's all-ones input) and the target
/// density of this pruning step (iterative SynFlow interpolates towards it).
/// </summary>
public sealed record ScoringContext(
    nn.Module<Tensor, Tensor> Model,
    IReadOnlyList<PrunableTensor> Prunable,
    MaskSet Mask,
    long Seed,
    Func<int, IEnumerable<(Tensor Inputs, Tensor Labels)>>? Batches = null,
    long[]? InputShape = null,
    double? TargetDensity = null);
