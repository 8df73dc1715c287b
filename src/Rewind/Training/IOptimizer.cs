using Rewind.Sparsity;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// A first-order optimizer whose whole state is a set of named tensors, so it can be checkpointed, restored at a
/// rewind point, kept across levels (LRR) and masked (pruned entries' momentum and moments are exactly 0).
/// Updates follow torch.optim's formulas; the learning rate is passed per step by the schedule.
/// </summary>
public interface IOptimizer : IDisposable
{
    /// <summary>Applies one update using the parameters' current gradients.</summary>
    void Step(double learningRate);

    /// <summary>The state tensors by name (e.g. <c>fc1.weight.momentum</c>, <c>step</c>); live views, do not dispose.</summary>
    IReadOnlyDictionary<string, Tensor> State { get; }

    /// <summary>Copies saved state into this optimizer (names must match; missing names are reset to zero).</summary>
    void LoadState(IReadOnlyDictionary<string, Tensor> state);

    /// <summary>Resets every state tensor to zero (a fresh optimizer).</summary>
    void Reset();

    /// <summary>Zeroes the state entries that belong to pruned weights.</summary>
    void ApplyMask(MaskSet mask, IReadOnlyList<PrunableTensor> prunable);
}
