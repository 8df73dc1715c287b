using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Strategies;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// Another run whose masks or signs this run takes level by level (<c>pruning.mask_from</c>, <c>pruning.signs_from</c>;
/// Paper A §3, ALGORITHMS §5.5, §5.8): read through the donor's own store, checked to be compatible (same model, at
/// least as many pruned levels) and to have finished the level asked for.
/// </summary>
public sealed class RunDonor
{
    private readonly string _key;

    private RunDonor(RunStore store, string key) => (Store, _key) = (store, key);

    /// <summary>The donor's store.</summary>
    public RunStore Store { get; }

    /// <summary>
    /// Opens the donor named by <paramref name="key"/> (<c>pruning.mask_from</c> or <c>pruning.signs_from</c>) with value
    /// <paramref name="directory"/> for a run of <paramref name="own"/>; a missing or incompatible donor is a user error
    /// naming both runs.
    /// </summary>
    public static RunDonor Open(string directory, string key, RunSpec own, string ownName)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (!RunStore.Exists(directory))
            throw new RewindUserException(
                $"pruning.{key}: {directory} holds no run (no spec.yaml), so run {ownName} has no donor to take from. " +
                "Run the donor first (a study orders donors before the runs that read them) or correct the path.");
        var store = RunStore.Open(directory);
        CheckCompatible(store.Spec, key, own, ownName, store.Root);
        return new RunDonor(store, key);
    }

    /// <summary>Checks that a donor spec can give masks or signs to <paramref name="own"/>; a user error naming both runs otherwise.</summary>
    public static void CheckCompatible(RunSpec donor, string key, RunSpec own, string ownName, string donorName)
    {
        ArgumentNullException.ThrowIfNull(donor);
        ArgumentNullException.ThrowIfNull(own);
        string both = $"run {ownName} cannot take its {key[..key.IndexOf('_')]}s from {donorName}";
        if (donor.Model.Name != own.Model.Name)
            throw new RewindUserException($"pruning.{key}: {both}: the donor trains model.name '{donor.Model.Name}', this run '{own.Model.Name}'. Use a donor of the same model.");
        if (donor.Data.Name != own.Data.Name)
            throw new RewindUserException($"pruning.{key}: {both}: the donor trains on data.name '{donor.Data.Name}', this run on '{own.Data.Name}'. Use a donor of the same data.");
        if (donor.Pruning.KeepOutputDense != own.Pruning.KeepOutputDense)
            throw new RewindUserException($"pruning.{key}: {both}: pruning.keep_output_dense differs, so the pruned layers differ. Make it equal.");
        int need = StrategyCatalog.PrunedLevels(own.Pruning.Strategy, own.Pruning.Levels);
        int have = StrategyCatalog.PrunedLevels(donor.Pruning.Strategy, donor.Pruning.Levels);
        if (have < need)
            throw new RewindUserException($"pruning.{key}: {both}: the donor has {have} pruned level(s), this run needs {need}. Use a donor with at least as many levels or fewer pruning.levels.");
        if (Math.Abs(donor.Pruning.Rate - own.Pruning.Rate) > 1e-12 && key == "mask_from")
            throw new RewindUserException($"pruning.{key}: {both}: pruning.rate differs ({donor.Pruning.Rate} vs {own.Pruning.Rate}), so the densities of the levels differ. Make it equal.");
    }

    /// <summary>The mask the donor trained level <paramref name="level"/> with, for the tensors in <paramref name="prunable"/>, on <paramref name="device"/>.</summary>
    public MaskSet MaskAt(int level, IReadOnlyList<PrunableTensor> prunable, Device device)
    {
        ArgumentNullException.ThrowIfNull(prunable);
        using var final = Finished(level);
        foreach (var p in prunable)
        {
            if (!final.Mask.TryGetValue(p.Name, out var m))
                throw new RewindUserException($"pruning.{_key}: {Store.FinalPath(level)} has no mask for {p.Name}; the donor's network differs from this run's.");
            if (!m.shape.SequenceEqual(p.Parameter.shape))
                throw new RewindUserException($"pruning.{_key}: {Store.FinalPath(level)}: {p.Name} has shape [{string.Join(", ", m.shape)}], this run's [{string.Join(", ", p.Parameter.shape)}]; the donor's network differs.");
        }
        return MaskSet.FromTensors(prunable.Select(p => new KeyValuePair<string, Tensor>(p.Name, final.Mask[p.Name])), device);
    }

    /// <summary>
    /// The signs the donor's prunable weights had at the end of level <paramref name="level"/> − 1 — the weights it starts
    /// pruned level <paramref name="level"/> from — by tensor name (−1, 0, +1), on <paramref name="device"/>.
    /// </summary>
    public Dictionary<string, Tensor> SignsAt(int level, IReadOnlyList<PrunableTensor> prunable, Device device)
    {
        ArgumentNullException.ThrowIfNull(prunable);
        using var final = Finished(level - 1);
        var signs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var temporaries = NewDisposeScope(); // the signs are detached from it
        foreach (var p in prunable)
        {
            if (!final.Model.TryGetValue(p.Name, out var w) || !w.shape.SequenceEqual(p.Parameter.shape))
                throw new RewindUserException($"pruning.{_key}: {Store.FinalPath(level - 1)} has no weight {p.Name} of this run's shape; the donor's network differs.");
            signs[p.Name] = w.sign().to(device).DetachFromDisposeScope();
        }
        return signs;
    }

    private Checkpoint Finished(int level)
    {
        if (!Store.IsLevelDone(level))
            throw new RewindUserException(
                $"pruning.{_key}: the donor {Store.Root} has not finished level {level}, which this run needs now. " +
                "Finish the donor first (`rewind run --resume` on it), then resume this run.");
        return Store.LoadFinal(level);
    }
}
