using Rewind.Pruning;
using static TorchSharp.torch;

namespace Rewind.Analysis;

/// <summary>
/// The sign analyses of Paper A §3 (Figs. 5, 13, 14, 15b, 17b; ALGORITHMS §5.6) measured from what a run directory
/// stores — θ(0), the rewind point and every level's end weights and mask — so a finished run can be analysed without
/// repeating it (<c>rewind analyze</c>) and the observer that records them during a run computes exactly the same.
/// σ_L is the sign of a weight at the end of level L, counted only where the level's mask keeps it.
/// </summary>
public static class SignAnalysis
{
    /// <summary>Level L's sign flips relative to θ(0), to the rewind point and to the end of level L−1 (θ(0) for level 0).</summary>
    public static LevelSigns MeasureLevel(RunStore store, int level)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var final = store.LoadFinal(level);
        using var init = store.LoadInit();
        using var rewind = store.HasRewindPoint ? store.LoadRewindPoint(atInit: false) : null;
        using var previous = level > 0 ? store.LoadFinal(level - 1) : null;
        var layers = new List<LayerSigns>();
        foreach (var (name, maskTensor) in final.Mask)
        {
            var alive = Alive(maskTensor);
            var now = Signs(final.Model[name]);
            var atInit = Signs(init.Model[name]);
            var atRewind = rewind is null ? atInit : Signs(rewind.Model[name]);
            var before = previous is null ? atInit : Signs(previous.Model[name]);
            layers.Add(new LayerSigns(name, alive.Count(a => a),
                SignStatistics.Flips(now, atInit, alive), SignStatistics.Flips(now, atRewind, alive), SignStatistics.Flips(now, before, alive)));
        }
        return new LevelSigns(level, Density(final), layers);
    }

    /// <summary>
    /// Every weight alive at the run's last finished level: the level its sign last changed (σ₋₁ = θ(0)'s sign) and how
    /// often it changed, as histograms (Paper A Figs. 5, 14).
    /// </summary>
    public static SignHistory History(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        int levels = store.CompletedLevels().Count;
        if (levels == 0) throw new RewindUserException($"{store.Root}: no finished level yet, so there are no signs to analyse.");
        using var init = store.LoadInit();
        Dictionary<string, sbyte[]> initial;
        using (var first = store.LoadFinal(0)) initial = first.Mask.Keys.ToDictionary(n => n, n => Signs(init.Model[n]), StringComparer.Ordinal);
        var byLevel = initial.Keys.ToDictionary(n => n, _ => new List<sbyte[]>(), StringComparer.Ordinal);
        var alive = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        for (int level = 0; level < levels; level++)
        {
            using var final = store.LoadFinal(level);
            foreach (var name in initial.Keys)
            {
                byLevel[name].Add(Signs(final.Model[name]));
                if (level == levels - 1) alive[name] = Alive(final.Mask[name]);
            }
        }
        var last = new List<int>();
        var switches = new List<int>();
        foreach (var name in initial.Keys)
        {
            var (l, s) = SignStatistics.History(initial[name], byLevel[name], alive[name]);
            last.AddRange(l);
            switches.AddRange(s);
        }
        return new SignHistory(levels, last.Count, SignStatistics.Counts(last, -1, levels - 1), SignStatistics.Counts(switches, 0, levels));
    }

    /// <summary>Level by level for the levels both runs finished: how their masks overlap and how often the weights both keep agree in sign.</summary>
    public static IReadOnlyList<MaskComparison> Compare(RunStore a, RunStore b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int levels = Math.Min(a.CompletedLevels().Count, b.CompletedLevels().Count);
        var rows = new List<MaskComparison>();
        for (int level = 0; level < levels; level++)
        {
            using var fa = a.LoadFinal(level);
            using var fb = b.LoadFinal(level);
            long kA = 0, kB = 0, both = 0, either = 0, same = 0;
            foreach (var (name, maskA) in fa.Mask)
            {
                if (!fb.Mask.TryGetValue(name, out var maskB) || !maskA.shape.SequenceEqual(maskB.shape))
                    throw new RewindUserException($"{b.Root}: level {level} has no mask {name} of the shape {a.Root} has; the runs train different networks.");
                var am = Alive(maskA);
                var bm = Alive(maskB);
                var overlap = SignStatistics.Overlap(am, bm);
                (kA, kB, both, either) = (kA + overlap.KeptA, kB + overlap.KeptB, both + overlap.Both, either + overlap.Either);
                same += SignStatistics.SameSign(Signs(fa.Model[name]), Signs(fb.Model[name]), am, bm);
            }
            var o = new MaskOverlap(kA, kB, both, either);
            rows.Add(new MaskComparison(level, Density(fa), Density(fb), o.Jaccard, o.OverlapCoefficient,
                both, both == 0 ? double.NaN : (double)same / both));
        }
        return rows;
    }

    /// <summary>Fraction of the prunable weights a stored level keeps (its mask's density).</summary>
    public static double Density(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        long kept = 0, total = 0;
        foreach (var m in checkpoint.Mask.Values)
        {
            using var nz = m.count_nonzero();
            kept += nz.item<long>();
            total += m.numel();
        }
        return total == 0 ? 1 : (double)kept / total;
    }

    /// <summary>The signs of a tensor as −1, 0, +1.</summary>
    public static sbyte[] Signs(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        return Array.ConvertAll(t.detach().sign().to(ScalarType.Int8).cpu().contiguous().flatten().data<sbyte>().ToArray(), x => x);
    }

    /// <summary>Which entries a 0/1 mask keeps.</summary>
    public static bool[] Alive(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        return Array.ConvertAll(mask.detach().ne(Scalars.Zero).cpu().contiguous().flatten().data<bool>().ToArray(), x => x);
    }
}

/// <summary>One layer's sign flips at the end of a level (<see cref="SignAnalysis.MeasureLevel"/>).</summary>
/// <param name="Name">The prunable weight.</param>
/// <param name="Alive">Weights the level's mask keeps.</param>
/// <param name="FlipsVsInit">Alive weights whose sign differs from θ(0)'s.</param>
/// <param name="FlipsVsRewind">… from the rewind point θ(k)'s (θ(0)'s when the run rewinds to step 0).</param>
/// <param name="FlipsVsPrevious">… from the end of the level before (θ(0)'s at level 0).</param>
public sealed record LayerSigns(string Name, long Alive, long FlipsVsInit, long FlipsVsRewind, long FlipsVsPrevious);

/// <summary>The sign flips of one level, per layer (<c>levels/NN/signs.json</c>).</summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Fraction of prunable weights kept.</param>
/// <param name="Layers">Per prunable layer.</param>
public sealed record LevelSigns(int Level, double Density, IReadOnlyList<LayerSigns> Layers)
{
    /// <summary>The record's file in the level directory.</summary>
    public const string FileName = "signs.json";

    /// <summary>Alive weights over all layers.</summary>
    public long Alive => Layers.Sum(l => l.Alive);

    /// <summary>Pooled flips relative to θ(0).</summary>
    public long FlipsVsInit => Layers.Sum(l => l.FlipsVsInit);

    /// <summary>Pooled flips relative to the rewind point.</summary>
    public long FlipsVsRewind => Layers.Sum(l => l.FlipsVsRewind);

    /// <summary>Pooled flips relative to the level before.</summary>
    public long FlipsVsPrevious => Layers.Sum(l => l.FlipsVsPrevious);
}

/// <summary>
/// Over the weights alive at a run's last level: histograms of the level at which each sign last changed and of how
/// many times it changed (Paper A Figs. 5, 14; <c>sign-history.json</c>).
/// </summary>
/// <param name="Levels">Levels analysed (0..Levels−1).</param>
/// <param name="Weights">Weights counted (alive at the last level).</param>
/// <param name="LastChange">[0] = never changed, [1 + i] = last changed at level i.</param>
/// <param name="Switches">[c] = weights whose sign changed c times.</param>
public sealed record SignHistory(int Levels, long Weights, IReadOnlyList<long> LastChange, IReadOnlyList<long> Switches)
{
    /// <summary>The record's file in the run directory.</summary>
    public const string FileName = "sign-history.json";

    /// <summary>Fraction of the weights whose sign last changed at level <paramref name="level"/> or earlier (including never).</summary>
    public double StableBy(int level) => Weights == 0 ? double.NaN : (double)LastChange.Take(level + 2).Sum() / Weights;
}

/// <summary>Two runs compared at one level (<see cref="SignAnalysis.Compare"/>).</summary>
/// <param name="Level">The level.</param>
/// <param name="DensityA">Density of the first run at the level.</param>
/// <param name="DensityB">Density of the second run.</param>
/// <param name="Jaccard">|A ∩ B| / |A ∪ B| of the two masks.</param>
/// <param name="OverlapCoefficient">|A ∩ B| / min(|A|, |B|).</param>
/// <param name="Both">Weights both masks keep.</param>
/// <param name="SignAgreement">Of those, the fraction with the same sign at the end of the level.</param>
public sealed record MaskComparison(int Level, double DensityA, double DensityB, double Jaccard, double OverlapCoefficient, long Both, double SignAgreement);
