using System.Globalization;
using System.Text;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;
using static TorchSharp.torch;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment random-masks</c>: Paper A's random masks (§3, Figs. 2b,c; ALGORITHMS §5.4). Every level draws a
/// random balanced mask (every layer the same number of weights, <c>random-balanced</c>) whose scores depend only on
/// (seed, level), so for a seed every arm trains on the bit-identical mask at every level from the same θ(0): IMP
/// (<c>imp-rand</c>, weight rewinding to the end of the dense warm-up) against LRR without and with BatchNorm rewinding
/// (<c>lrr-rand</c>, <c>lrr-rand-bn</c>). The report checks that the masks really are identical. Default: conv-16-32
/// (it has BatchNorm) on Fashion-MNIST.
/// </summary>
/// <remarks>
/// There is no <c>imp-rand-bn</c>: <c>wr</c> already restores the whole rewind point (BN state and optimizer included),
/// so BN rewinding would repeat <c>imp-rand</c> bit for bit. A base whose <c>pruning.scorer</c> is another random
/// variant (<c>random</c>, <c>random-uniform</c>, <c>random-erk</c>) keeps it; any other scorer becomes random-balanced.
/// </remarks>
public sealed class RandomMasksStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "random-masks";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 2b,c: IMP and LRR (± BN rewinding) on the same seed-determined random balanced masks (conv-16-32 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => ConvBase();

    /// <summary>The arms.</summary>
    public static IReadOnlyList<string> ArmNames { get; } = ["imp-rand", "lrr-rand", "lrr-rand-bn"];

    /// <summary>The base with a random scorer: its own if it is one, else <c>random-balanced</c> (Paper A §5.4).</summary>
    public static RunSpec RandomBase(RunSpec b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b.Pruning.Scorer.StartsWith("random", StringComparison.Ordinal) ? b : b with { Pruning = b.Pruning with { Scorer = "random-balanced" } };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = RandomBase(context.BaseSpec);
        return
        [
            new StudyArm("imp-rand", Imp(b)),
            new StudyArm("lrr-rand", Lrr(b)),
            new StudyArm("lrr-rand-bn", WithBatchNormRewinding(Lrr(b))),
        ];
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Random masks (Paper A Figs. 2b,c): IMP-rand vs LRR-rand (± BN rewinding) — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <summary>The claims of Figs. 2b,c over <paramref name="levels"/> (the pruned levels).</summary>
    public static IReadOnlyList<PairedClaim> PaperClaims(IReadOnlyList<int> levels) =>
    [
        new("Figs. 2b,c", "LRR optimises random masks better than IMP: LRR-rand with BN rewinding beats IMP-rand", Contrast.Between("lrr-rand-bn", "imp-rand"), levels),
        new("Figs. 2b,c", "LRR-rand beats IMP-rand without BN rewinding", Contrast.Between("lrr-rand", "imp-rand"), levels),
        new("§3", "BN rewinding helps LRR on random masks", Contrast.Between("lrr-rand-bn", "lrr-rand"), levels),
    ];

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results) => PaperClaims(PrunedLevels(results));

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, StudyResults results)
    {
        yield return MaskIdentitySection(results);
        yield return BatchNormSection(results);
    }

    /// <summary>
    /// Per seed and level that several arms finished: whether all their masks are bit-identical (Paper A compares IMP and
    /// LRR on the same random mask). Returns (seed, level, arms compared, identical).
    /// </summary>
    public static IReadOnlyList<(int Seed, int Level, int Arms, bool Identical)> MaskIdentity(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<(int, int, int, bool)>();
        foreach (int seed in results.Seeds)
        {
            var runs = results.Runs.Where(r => r.Seed == seed).ToList();
            foreach (int level in results.Levels)
            {
                var at = runs.Where(r => r.Store.IsLevelDone(level) && r.Store.HasFinal(level)).ToList();
                if (at.Count < 2) continue;
                rows.Add((seed, level, at.Count, at.Skip(1).All(r => SameMask(at[0].Store, r.Store, level))));
            }
        }
        return rows;
    }

    /// <summary>True when two runs' stored masks of <paramref name="level"/> are equal tensor by tensor, bit for bit.</summary>
    public static bool SameMask(RunStore a, RunStore b, int level)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        using var fa = a.LoadFinal(level);
        using var fb = b.LoadFinal(level);
        return fa.Mask.Count == fb.Mask.Count && fa.Mask.All(kv => fb.Mask.TryGetValue(kv.Key, out var other) && Equal(kv.Value, other));
    }

    private static bool Equal(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }

    private static string MaskIdentitySection(StudyResults results)
    {
        var rows = MaskIdentity(results);
        if (rows.Count == 0) return "";
        var md = new StringBuilder("## The same random mask for every arm\n\n");
        var differing = rows.Where(r => !r.Identical).ToList();
        md.Append(differing.Count == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"Checked at every level and seed ({rows.Count} comparisons): the arms of a seed trained on bit-identical masks, as Paper A's comparison needs.\n\n")
            : "The masks differ between arms at " + string.Join(", ", differing.Select(r => string.Create(CultureInfo.InvariantCulture, $"seed {r.Seed} level {r.Level}"))) +
              ": the arms were changed (ARM:key=value) in a way that changes the random masks, so those levels do not compare IMP and LRR on one mask.\n\n");
        return md.ToString();
    }
}
