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

    /// <summary>Metadata key holding the alive (unpruned) count of every mask, checked on load.</summary>
    public const string AliveKey = "alive";

    /// <summary>Remaining weights of all masks together (the sum of <see cref="AliveKey"/>'s counts).</summary>
    public long Remaining { get; init; }

    /// <summary>True when the file carried a checksum (and alive counts), which were verified; false for files of older runs.</summary>
    public bool IsChecked { get; init; }

    /// <summary>
    /// Writes the state atomically to <paramref name="path"/>, with the alive count of every mask and the
    /// <paramref name="extra"/> metadata (the run store binds its spec this way).
    /// </summary>
    public static void Save(string path, TrainingState state, int level, long step, IReadOnlyList<EpochMetrics> history,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (n, t) in state.ModelTensors()) tensors.Add(new("model." + n, t));
        var maskBytes = state.Mask.Masks.Select(m => new KeyValuePair<string, Tensor>("mask." + m.Name, m.Mask.to(ScalarType.Byte))).ToList();
        tensors.AddRange(maskBytes);
        foreach (var (n, t) in state.Optimizer.State) tensors.Add(new("optim." + n, t));
        try
        {
            var alive = maskBytes.ToDictionary(kv => kv.Key["mask.".Length..], kv => CountOnes(kv.Value), StringComparer.Ordinal);
            var meta = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["format"] = "rewind-checkpoint",
                ["version"] = FormatVersion,
                ["level"] = level.ToString(CultureInfo.InvariantCulture),
                ["step"] = step.ToString(CultureInfo.InvariantCulture),
                ["history"] = JsonSerializer.Serialize(history, Json.Options),
                [AliveKey] = JsonSerializer.Serialize(alive, Json.Options),
            };
            foreach (var (k, v) in extra ?? new Dictionary<string, string>()) meta[k] = v;
            SafeTensors.Save(path, tensors, meta);
        }
        finally { foreach (var (_, t) in maskBytes) t.Dispose(); }
    }

    /// <summary>
    /// Reads a checkpoint written by <see cref="Save"/>: the checksum is verified (when the file has one), every mask
    /// must hold only 0 and 1 and, when recorded, as many ones as when it was written.
    /// </summary>
    /// <exception cref="RewindUserException">The file is damaged, is not a checkpoint, or a mask is invalid; the message names the file.</exception>
    public static Checkpoint Load(string path)
    {
        var (tensors, meta) = SafeTensors.Load(path);
        try
        {
            if (!meta.TryGetValue("format", out var f) || f != "rewind-checkpoint")
                throw new RewindUserException($"{path}: not a Rewind checkpoint (no 'format: rewind-checkpoint' metadata).");
            Dictionary<string, long>? alive = null;
            if (meta.TryGetValue(AliveKey, out var aliveJson))
                alive = JsonSerializer.Deserialize<Dictionary<string, long>>(aliveJson, Json.Options);
            long remaining = 0;
            foreach (var (key, t) in tensors.Where(kv => kv.Key.StartsWith("mask.", StringComparison.Ordinal)))
            {
                var name = key["mask.".Length..];
                if (Conditions.AnyThenDispose(t.gt(Scalars.One)))
                    throw new RewindUserException($"{path}: mask of {name} holds values other than 0 and 1, so the file is damaged.");
                long ones = CountOnes(t);
                if (alive is not null && (!alive.TryGetValue(name, out var recorded) || recorded != ones))
                    throw new RewindUserException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: mask of {name} keeps {ones} weights but {(alive.ContainsKey(name) ? alive[name] : 0)} were recorded, so the file is damaged."));
                remaining += ones;
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
                tensors["mask." + k] = asFloat;
            }
            return new Checkpoint
            {
                Model = Part("model."),
                Mask = mask,
                Optimizer = Part("optim."),
                Level = int.Parse(meta["level"], CultureInfo.InvariantCulture),
                Step = long.Parse(meta["step"], CultureInfo.InvariantCulture),
                History = JsonSerializer.Deserialize<List<EpochMetrics>>(meta["history"], Json.Options) ?? [],
                Remaining = remaining,
                IsChecked = SafeTensors.IsChecked(meta),
                Metadata = meta,
            };
        }
        catch (Exception e) when (e is RewindUserException or JsonException or KeyNotFoundException or FormatException or OverflowException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            if (e is RewindUserException) throw;
            throw new RewindUserException($"{path}: unreadable checkpoint metadata ({e.Message}), so the file is damaged.", e);
        }
    }

    /// <summary>The file's string metadata (format, level, step, history, alive counts, and what the run store added).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    private static long CountOnes(Tensor mask)
    {
        using var sum = mask.sum(ScalarType.Int64);
        return sum.item<long>();
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
