using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Exact-count selection with the stable tie rule of ALGORITHMS.md §0.2: prune the <c>k</c> lowest scores, ties broken
/// by flat index ascending, so exactly <c>k</c> entries are pruned. On CPU this is a radix select over the score
/// buffers in place — a parallel histogram of the top 16 bits of order-preserving integer keys, then one output pass
/// that leaves only the threshold bin's entries to resolve — so several tensors are selected jointly without
/// concatenating them, and without a sort. <c>kthvalue</c> (quickselect) is the fallback on other devices and the reference the tests compare with.
/// </summary>
public static class ExactSelection
{
    /// <summary>
    /// Returns a boolean keep-mask for a 1-D score vector: false for the <paramref name="k"/> lowest scores
    /// (lowest first; among equal scores the lower flat index goes first). Already-pruned entries should carry
    /// −∞ so they are chosen first. NaN scores are refused.
    /// </summary>
    public static Tensor KeepMask(Tensor scores, long k)
    {
        if (scores.dim() != 1) throw new ArgumentException("scores must be 1-D", nameof(scores));
        if (scores.device_type != DeviceType.CPU) return KeepMaskWithKthvalue(scores, k);
        using var masks = new DisposableList(KeepMasks([scores], null, k));
        return masks[0].to(ScalarType.Bool);
    }

    /// <summary>
    /// Joint selection over several score tensors taken in order as one flat vector: returns one float 0/1 mask per
    /// tensor (its shape) with exactly <c>max(k, dead)</c> zeros, where the dead entries are those whose
    /// <paramref name="alive"/> mask is 0: they count as lower than any score and are always pruned (nested masks).
    /// The rest are the lowest scores, ties by flat index. NaN scores of live entries are refused.
    /// </summary>
    public static IReadOnlyList<Tensor> KeepMasks(IReadOnlyList<Tensor> scores, IReadOnlyList<Tensor>? alive, long k)
    {
        if (alive is not null && alive.Count != scores.Count) throw new ArgumentException("one alive mask per score tensor", nameof(alive));
        if (scores.Any(s => s.device_type != DeviceType.CPU) || scores.Any(s => s.numel() >= int.MaxValue / 8))
            return KeepMasksWithKthvalue(scores, alive, k);
        using var scope = NewDisposeScope();
        bool isDouble = scores.Any(s => s.dtype == ScalarType.Float64);
        var dtype = isDouble ? ScalarType.Float64 : ScalarType.Float32;
        var layers = scores.Select((s, i) => new Layer(
            s.detach().to(dtype).contiguous(),
            alive?[i].detach().to(ScalarType.Float32).contiguous())).ToArray();
        var result = isDouble ? Select<double, DoubleKey>(layers, k) : Select<float, FloatKey>(layers, k);
        return result.Select((r, i) => r.reshape(scores[i].shape).MoveToOuterDisposeScope()).ToList();
    }

    private sealed record Layer(Tensor Scores, Tensor? Alive);

    private interface IKey<T> where T : unmanaged
    {
        static abstract int Bits { get; }

        /// <summary>An unsigned key with the order of the scores (−0 = +0); NaN throws.</summary>
        static abstract ulong Key(T value);
    }

    private readonly struct FloatKey : IKey<float>
    {
        public static int Bits => 32;

        public static ulong Key(float value)
        {
            if (float.IsNaN(value)) throw new InvalidOperationException("pruning scores contain NaN");
            if (value == 0) return 0x8000_0000UL;
            uint u = BitConverter.SingleToUInt32Bits(value);
            return (u & 0x8000_0000u) != 0 ? ~u : u | 0x8000_0000u;
        }
    }

    private readonly struct DoubleKey : IKey<double>
    {
        public static int Bits => 64;

        public static ulong Key(double value)
        {
            if (double.IsNaN(value)) throw new InvalidOperationException("pruning scores contain NaN");
            if (value == 0) return 0x8000_0000_0000_0000UL;
            ulong u = BitConverter.DoubleToUInt64Bits(value);
            return (u & 0x8000_0000_0000_0000UL) != 0 ? ~u : u | 0x8000_0000_0000_0000UL;
        }
    }

    private const int ChunkSize = 1 << 20;
    /// <summary>Largest threshold bin resolved in memory; larger bins are narrowed by another histogram pass (tests lower it).</summary>
    internal static long MaxCandidates = 1 << 22;

    private readonly record struct Chunk(int Layer, int Start, int Length);

    // Key 0 is below every real score (the smallest real key, that of −∞, is 0x007FFFFF): it marks dead entries.
    // Pass 1 histograms the top 16 bits of every key (and counts the dead); pass 2 writes the masks, deciding every
    // entry outside the threshold bin at once and collecting the bin's entries, which are then resolved in memory
    // by (key, flat index). A bin too large to collect is narrowed by further 16-bit histogram passes first.
    private static List<Tensor> Select<T, TKey>(Layer[] layers, long k) where T : unmanaged where TKey : IKey<T>
    {
        var outputs = layers.Select(l => empty(l.Scores.numel(), ScalarType.Float32)).ToList();
        var chunks = new List<Chunk>();
        for (int l = 0; l < layers.Length; l++)
            for (long start = 0, n = layers[l].Scores.numel(); start < n; start += ChunkSize)
                chunks.Add(new Chunk(l, (int)start, (int)Math.Min(ChunkSize, n - start)));

        int top = TKey.Bits - 16;
        var (hist, dead) = Histogram<T, TKey>(layers, chunks, top, -1, 0);
        long total = layers.Sum(l => l.Scores.numel());
        k = Math.Min(Math.Max(k, dead), total);
        if (k == 0 || k == total)
        {
            foreach (var o in outputs) o.fill_(k == 0 ? Scalars.One : Scalars.Zero);
            return outputs;
        }
        long rank = k; // 1-based rank of the k-th key among the keys that share the prefix found so far
        ulong prefix = Bin(hist, ref rank);
        int prefixShift = top;
        while (hist[(int)prefix & 0xFFFF] > MaxCandidates && prefixShift > 0)
        {
            prefixShift -= 16;
            (hist, _) = Histogram<T, TKey>(layers, chunks, prefixShift, prefixShift + 16, prefix);
            prefix = (prefix << 16) | Bin(hist, ref rank);
        }

        // Pass 2: entries below the prefix are pruned, above it kept; entries sharing it are candidates.
        var found = new (int Chunk, int Offset, ulong Key)[chunks.Count][];
        Unwrapped(() => Parallel.For(0, chunks.Count, c =>
        {
            var chunk = chunks[c];
            var layer = layers[chunk.Layer];
            var scores = MemoryMarshal.Cast<byte, T>(layer.Scores.bytes).Slice(chunk.Start, chunk.Length);
            ReadOnlySpan<float> alive = layer.Alive is null ? default : MemoryMarshal.Cast<byte, float>(layer.Alive.bytes).Slice(chunk.Start, chunk.Length);
            bool hasAlive = layer.Alive is not null;
            var keep = MemoryMarshal.Cast<byte, float>(outputs[chunk.Layer].bytes).Slice(chunk.Start, chunk.Length);
            var mine = new List<(int, int, ulong)>();
            for (int i = 0; i < scores.Length; i++)
            {
                ulong key = hasAlive && alive[i] == 0 ? 0 : TKey.Key(scores[i]);
                ulong p = key >> prefixShift;
                if (p > prefix) keep[i] = 1;
                else if (p < prefix) keep[i] = 0;
                else
                {
                    keep[i] = 1;
                    mine.Add((c, i, key));
                }
            }
            found[c] = mine.ToArray();
        }));
        // Candidates are in flat-index order; a stable sort by key puts the `rank` to prune first.
        var candidates = found.SelectMany(f => f).ToArray();
        var order = Enumerable.Range(0, candidates.Length).OrderBy(i => candidates[i].Key).ToArray(); // OrderBy is stable
        for (long r = 0; r < rank; r++)
        {
            var (c, offset, _) = candidates[order[r]];
            var chunk = chunks[c];
            MemoryMarshal.Cast<byte, float>(outputs[chunk.Layer].bytes)[chunk.Start + offset] = 0;
        }
        return outputs;
    }

    private static ulong Bin(long[] hist, ref long rank)
    {
        int bin = 0;
        for (; bin < hist.Length - 1; bin++)
        {
            if (hist[bin] >= rank) break;
            rank -= hist[bin];
        }
        return (ulong)bin;
    }

    /// <summary>Histogram of 16 key bits at <paramref name="shift"/> over entries whose bits above <paramref name="prefixShift"/> equal <paramref name="prefix"/> (all when −1), and the number of dead entries.</summary>
    private static (long[] Histogram, long Dead) Histogram<T, TKey>(Layer[] layers, List<Chunk> chunks, int shift, int prefixShift, ulong prefix)
        where T : unmanaged where TKey : IKey<T>
    {
        var total = new long[1 << 16];
        long dead = 0;
        var gate = new object();
        Unwrapped(() => Parallel.For(0, chunks.Count, () => (Hist: new int[1 << 16], Dead: 0L), (c, _, local) =>
        {
            var chunk = chunks[c];
            var layer = layers[chunk.Layer];
            var scores = MemoryMarshal.Cast<byte, T>(layer.Scores.bytes).Slice(chunk.Start, chunk.Length);
            ReadOnlySpan<float> alive = layer.Alive is null ? default : MemoryMarshal.Cast<byte, float>(layer.Alive.bytes).Slice(chunk.Start, chunk.Length);
            bool hasAlive = layer.Alive is not null;
            var hist = local.Hist;
            long d = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                ulong key;
                if (hasAlive && alive[i] == 0)
                {
                    key = 0;
                    d++;
                }
                else key = TKey.Key(scores[i]);
                if (prefixShift >= 0 && (key >> prefixShift) != prefix) continue;
                hist[(int)((key >> shift) & 0xFFFF)]++;
            }
            return (hist, local.Dead + d);
        }, local =>
        {
            lock (gate)
            {
                for (int b = 0; b < total.Length; b++) total[b] += local.Hist[b];
                dead += local.Dead;
            }
        }));
        return (total, dead);
    }

    /// <summary>Runs a parallel loop, rethrowing a single failure as itself (a NaN score is an InvalidOperationException).</summary>
    private static void Unwrapped(Func<ParallelLoopResult> loop)
    {
        try { loop(); }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// The same selection with <c>kthvalue</c> (any device); the reference of the radix select. With alive masks, dead
    /// entries become −∞ (so they tie with genuine −∞ scores, broken by index, instead of going strictly first).
    /// </summary>
    internal static Tensor KeepMaskWithKthvalue(Tensor scores, long k)
    {
        long n = scores.numel();
        if (scores.dim() != 1) throw new ArgumentException("scores must be 1-D", nameof(scores));
        using var scope = NewDisposeScope();
        if (Conditions.AnyThenDispose(scores.isnan())) throw new InvalidOperationException("pruning scores contain NaN");
        if (k <= 0) return ones(n, ScalarType.Bool, scores.device).MoveToOuterDisposeScope();
        if (k >= n) return zeros(n, ScalarType.Bool, scores.device).MoveToOuterDisposeScope();
        var (kth, _) = scores.kthvalue(k, 0);
        // Kept: strictly above the k-th value, plus the tied entries beyond the first `need` (by index).
        var keep = scores.gt(kth);
        var tieIndex = scores.eq(kth).nonzero().flatten(); // ascending flat indices
        long ties = tieIndex.numel();
        long above = keep.sum().item<long>();
        long need = k - (n - above - ties); // ties to prune after every entry strictly below the threshold
        if (need < ties) keep.index_fill_(0, tieIndex.narrow(0, need, ties - need), Scalars.True);
        return keep.MoveToOuterDisposeScope();
    }

    private static List<Tensor> KeepMasksWithKthvalue(IReadOnlyList<Tensor> scores, IReadOnlyList<Tensor>? alive, long k)
    {
        using var scope = NewDisposeScope();
        var dtype = scores.Any(s => s.dtype == ScalarType.Float64) ? ScalarType.Float64 : ScalarType.Float32;
        var flat = cat(scores.Select((s, i) =>
        {
            var f = s.detach().to(dtype).flatten();
            return alive is null ? f : f.masked_fill(alive[i].flatten().eq(Scalars.Zero), Scalars.NegativeInfinity);
        }).ToList(), 0);
        long dead = alive is null ? 0 : alive.Sum(a => a.numel() - a.count_nonzero().item<long>());
        var keep = KeepMaskWithKthvalue(flat, Math.Max(k, dead));
        var result = new List<Tensor>();
        long offset = 0;
        foreach (var s in scores)
        {
            result.Add(keep.narrow(0, offset, s.numel()).reshape(s.shape).to(ScalarType.Float32).MoveToOuterDisposeScope());
            offset += s.numel();
        }
        return result;
    }

    private sealed class DisposableList(IReadOnlyList<Tensor> items) : IDisposable
    {
        public Tensor this[int i] => items[i];
        public void Dispose() { foreach (var t in items) t.Dispose(); }
    }
}
