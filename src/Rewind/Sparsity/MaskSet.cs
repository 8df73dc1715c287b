using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// One binary mask per prunable tensor (1 = kept, 0 = pruned), stored as float tensors of the weight's shape and
/// device so applying a mask is a single multiply. Masks of an iterative run are nested: once 0, always 0.
/// Owns its tensors.
/// </summary>
public sealed class MaskSet : IDisposable
{
    private readonly List<(string Name, Tensor Mask)> _masks;

    private MaskSet(List<(string, Tensor)> masks) => _masks = masks;

    /// <summary>A mask set keeping everything (density 1).</summary>
    public static MaskSet AllOnes(IReadOnlyList<PrunableTensor> prunable)
    {
        using var temporaries = NewDisposeScope(); // roots the intermediate tensors while libtorch reads them
        return new(prunable.Select(p => (p.Name, ones_like(p.Parameter).detach().DetachFromDisposeScope())).ToList());
    }

    /// <summary>Builds a mask set from named 0/1 tensors (any dtype); copies them.</summary>
    public static MaskSet FromTensors(IEnumerable<KeyValuePair<string, Tensor>> masks, Device? device = null)
    {
        using var temporaries = NewDisposeScope();
        return new(masks.Select(kv => (kv.Key, kv.Value.to(ScalarType.Float32, device ?? kv.Value.device).clone().DetachFromDisposeScope())).ToList());
    }

    /// <summary>Takes ownership of named float 0/1 tensors (no copy; the caller must not dispose them).</summary>
    internal static MaskSet Adopt(IEnumerable<(string Name, Tensor Mask)> masks) =>
        new(masks.Select(m => (m.Name, m.Mask.DetachFromDisposeScope())).ToList());

    /// <summary>The mask tensors by parameter name, in module order.</summary>
    public IReadOnlyList<(string Name, Tensor Mask)> Masks => _masks;

    /// <summary>The mask of parameter <paramref name="name"/>.</summary>
    public Tensor this[string name] => _masks.First(m => m.Name == name).Mask;

    /// <summary>Total number of prunable scalars.</summary>
    public long Total => _masks.Sum(m => m.Mask.numel());

    /// <summary>Number of kept scalars.</summary>
    public long Remaining
    {
        get
        {
            long n = 0;
            foreach (var (_, m) in _masks)
                using (var s = m.sum()) n += (long)s.item<float>();
            return n;
        }
    }

    /// <summary>Fraction of prunable scalars kept.</summary>
    public double Density => Total == 0 ? 1.0 : (double)Remaining / Total;

    /// <summary>Density of each prunable tensor, in module order.</summary>
    public IReadOnlyList<(string Name, double Density)> LayerDensities() =>
        _masks.Select(m =>
        {
            using var s = m.Mask.sum();
            return (m.Name, s.item<float>() / (double)m.Mask.numel());
        }).ToList();

    /// <summary>
    /// Names of the tensors with no weight left (layer collapse: the network's output no longer depends on its input).
    /// The pruner does not prevent it — SNIP and magnitude are known to collapse layers at high sparsity, and hiding
    /// that would hide the result — so the level loop and <c>rewind prune</c> report it.
    /// </summary>
    public IReadOnlyList<string> EmptyLayers()
    {
        var empty = new List<string>();
        foreach (var (name, m) in _masks)
            if (!Conditions.AnyThenDispose(m.ne(Scalars.Zero))) empty.Add(name);
        return empty;
    }

    /// <summary>Zeroes the pruned entries of the given tensors (weights, gradients or optimizer state) in place.</summary>
    public void ApplyTo(IReadOnlyList<PrunableTensor> prunable)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < _masks.Count; i++) prunable[i].Parameter.mul_(_masks[i].Mask);
    }

    /// <summary>Zeroes the gradient entries of pruned weights (so momentum and Adam moments never see them).</summary>
    public void ApplyToGradients(IReadOnlyList<PrunableTensor> prunable) =>
        ApplyToGradients(prunable, Enumerable.Range(0, _masks.Count).ToList());

    /// <summary>
    /// Zeroes pruned gradient entries of the listed tensors only (see <see cref="LayersWithPrunedEntries"/>): a
    /// dense layer's mask multiply is skipped, which is most of the masking cost of a dense level.
    /// </summary>
    public void ApplyToGradients(IReadOnlyList<PrunableTensor> prunable, IReadOnlyList<int> layers)
    {
        foreach (int i in layers)
        {
            var g = prunable[i].Parameter.grad;
            if (g is not null) g.mul_(_masks[i].Mask);
        }
    }

    /// <summary>Indices of the tensors whose mask has at least one pruned entry.</summary>
    public IReadOnlyList<int> LayersWithPrunedEntries()
    {
        var list = new List<int>();
        for (int i = 0; i < _masks.Count; i++)
            if (Conditions.AnyThenDispose(_masks[i].Mask.eq(Scalars.Zero))) list.Add(i);
        return list;
    }

    /// <summary>True when every kept entry of this set is also kept in <paramref name="previous"/> (nestedness).</summary>
    public bool IsNestedIn(MaskSet previous)
    {
        for (int i = 0; i < _masks.Count; i++)
            if (Conditions.AnyThenDispose(_masks[i].Mask.gt(previous._masks[i].Mask))) return false;
        return true;
    }

    /// <summary>A deep copy.</summary>
    public MaskSet Clone() => new(_masks.Select(m => (m.Name, m.Mask.clone().DetachFromDisposeScope())).ToList());

    /// <summary>The masks as named tensors for saving (prefixed with <paramref name="prefix"/>).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> Named(string prefix = "") =>
        _masks.Select(m => new KeyValuePair<string, Tensor>(prefix + m.Name, m.Mask));

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (_, m) in _masks) m.Dispose();
        _masks.Clear();
    }
}
