using Rewind.Storage;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// The file form of a <see cref="TrainingSnapshot"/> (<c>init.safetensors</c>, <c>rewind.safetensors</c>): keys
/// <c>model.*</c> and <c>optim.*</c>, metadata <c>format: rewind-snapshot</c> (plus what the run store adds), with a
/// checksum verified on load.
/// </summary>
internal static class SnapshotFile
{
    /// <summary>Writes the current model and optimizer state of <paramref name="state"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, TrainingState state, IReadOnlyDictionary<string, string>? extra = null)
    {
        var tensors = state.ModelTensors().Select(kv => new KeyValuePair<string, Tensor>("model." + kv.Key, kv.Value))
            .Concat(state.Optimizer.State.Select(kv => new KeyValuePair<string, Tensor>("optim." + kv.Key, kv.Value)));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "rewind-snapshot" };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) meta[k] = v;
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/>.</summary>
    public static TrainingSnapshot Load(string path)
    {
        var (tensors, _) = SafeTensors.Load(path);
        Dictionary<string, Tensor> Part(string prefix) => tensors
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        return new TrainingSnapshot { Model = Part("model."), Optimizer = Part("optim.") };
    }
}
