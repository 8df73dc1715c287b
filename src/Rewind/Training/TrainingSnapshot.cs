using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// A saved point of training a strategy can rewind to: the model tensors and the optimizer state at that moment
/// (θ(0) with a fresh optimizer, or θ(k) with the state after k steps). The run store reads and writes it.
/// </summary>
public sealed class TrainingSnapshot : IDisposable
{
    /// <summary>Model parameters and buffers by name.</summary>
    public required IReadOnlyDictionary<string, Tensor> Model { get; init; }

    /// <summary>Optimizer state by name.</summary>
    public required IReadOnlyDictionary<string, Tensor> Optimizer { get; init; }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in Model.Values.Concat(Optimizer.Values)) t.Dispose();
    }
}
