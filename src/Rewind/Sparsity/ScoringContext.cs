using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// What a scorer may look at: the trained model, its prunable tensors, the current mask, a seed for random scores
/// (derived from the run seed and the level) and, for data-dependent scorers, a source of training batches.
/// </summary>
public sealed record ScoringContext(
    nn.Module<Tensor, Tensor> Model,
    IReadOnlyList<PrunableTensor> Prunable,
    MaskSet Mask,
    long Seed,
    Func<int, IEnumerable<(Tensor Inputs, Tensor Labels)>>? Batches = null);
