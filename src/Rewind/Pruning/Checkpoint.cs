using System.Globalization;
using System.Text.Json;
using Rewind.Sparsity;
using Rewind.Storage;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// Everything needed to continue training exactly: model tensors, masks, optimizer state, the level, the step
/// counter and the epoch metrics so far. No RNG state is needed: every random draw of training is a pure function
/// of (seed, level, epoch) — see <see cref="Data.Batches.EpochPermutation"/>. Stored as one safetensors file
/// (keys <c>model.*</c>, <c>mask.*</c>, <c>optim.*</c>), loadable in PyTorch.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private const string FormatVersion = "1";

    /// <summary>Model parameters and buffers by name.</summary>
    public required Dictionary<string, Tensor> Model { get; init; }
    /// <summary>Masks by prunable parameter name (float 0/1).</summary>
    public required Dictionary<string, Tensor> Mask { get; init; }
    /// <summary>Optimizer state by name.</summary>
    public required Dictionary<string, Tensor> Optimizer { get; init; }
    /// <summary>The level this checkpoint belongs to.</summary>
    public required int Level { get; init; }
    /// <summary>Steps of the level already done.</summary>
    public required long Step { get; init; }
    /// <summary>Epoch metrics recorded in the level up to <see cref="Step"/>.</summary>
    public required List<EpochMetrics> History { get; init; }

    /// <summary>Writes the state atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, TrainingState state, int level, long step, IReadOnlyList<EpochMetrics> history)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (n, t) in state.ModelTensors()) tensors.Add(new("model." + n, t));
        var maskBytes = state.Mask.Masks.Select(m => new KeyValuePair<string, Tensor>("mask." + m.Name, m.Mask.to(ScalarType.Byte))).ToList();
        tensors.AddRange(maskBytes);
        foreach (var (n, t) in state.Optimizer.State) tensors.Add(new("optim." + n, t));
        var meta = new Dictionary<string, string>
        {
            ["format"] = "rewind-checkpoint",
            ["version"] = FormatVersion,
            ["level"] = level.ToString(CultureInfo.InvariantCulture),
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["history"] = JsonSerializer.Serialize(history, Json.Options),
        };
        try { SafeTensors.Save(path, tensors, meta); }
        finally { foreach (var (_, t) in maskBytes) t.Dispose(); }
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    public static Checkpoint Load(string path)
    {
        var (tensors, meta) = SafeTensors.Load(path);
        if (!meta.TryGetValue("format", out var f) || f != "rewind-checkpoint")
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new RewindUserException($"{path}: not a Rewind checkpoint (no 'format: rewind-checkpoint' metadata).");
        }
        Dictionary<string, Tensor> Part(string prefix) => tensors
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        var mask = Part("mask.");
        foreach (var k in mask.Keys.ToList())
        {
            var asFloat = mask[k].to(ScalarType.Float32);
            mask[k].Dispose();
            mask[k] = asFloat;
        }
        return new Checkpoint
        {
            Model = Part("model."),
            Mask = mask,
            Optimizer = Part("optim."),
            Level = int.Parse(meta["level"], CultureInfo.InvariantCulture),
            Step = long.Parse(meta["step"], CultureInfo.InvariantCulture),
            History = JsonSerializer.Deserialize<List<EpochMetrics>>(meta["history"], Json.Options) ?? [],
        };
    }

    /// <summary>Copies the model, optimizer state and masks into the live <paramref name="state"/> (masks moved to <paramref name="device"/>).</summary>
    public void RestoreInto(TrainingState state, Device device)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.LoadModel(Model);
        state.Optimizer.LoadState(Optimizer);
        var mask = MaskSet.FromTensors(Mask.Where(kv => state.Prunable.Any(p => p.Name == kv.Key)), device);
        state.Mask.Dispose();
        state.Mask = mask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in Model.Values.Concat(Mask.Values).Concat(Optimizer.Values)) t.Dispose();
    }
}
