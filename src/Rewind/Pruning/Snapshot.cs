using Rewind.Storage;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// A saved point of training a strategy can rewind to: the model tensors and the optimizer state at that moment
/// (θ(0) with a fresh optimizer, or θ(k) with the state after k steps). Stored as safetensors.
/// </summary>
public sealed class Snapshot : IDisposable
{
    /// <summary>Model parameters and buffers by name (CPU copies).</summary>
    public required Dictionary<string, Tensor> Model { get; init; }
    /// <summary>Optimizer state by name (CPU copies).</summary>
    public required Dictionary<string, Tensor> Optimizer { get; init; }

    /// <summary>Writes the current model and optimizer state of <paramref name="state"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, TrainingState state)
    {
        var tensors = state.ModelTensors().Select(kv => new KeyValuePair<string, Tensor>("model." + kv.Key, kv.Value))
            .Concat(state.Optimizer.State.Select(kv => new KeyValuePair<string, Tensor>("optim." + kv.Key, kv.Value)));
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "rewind-snapshot" });
    }

    /// <summary>Reads a snapshot.</summary>
    public static Snapshot Load(string path)
    {
        var (tensors, _) = SafeTensors.Load(path);
        Dictionary<string, Tensor> Part(string prefix) => tensors
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        return new Snapshot { Model = Part("model."), Optimizer = Part("optim.") };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in Model.Values.Concat(Optimizer.Values)) t.Dispose();
    }
}
