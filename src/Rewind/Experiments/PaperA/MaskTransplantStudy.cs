using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment mask-transplant</c>: Paper A's disentangling of masks and optimisation (§3, Figs. 2d, 3, 4;
/// ALGORITHMS §5.5). The donors IMP (<c>wr</c>, rewinding to the end of the dense warm-up) and LRR run first; then IMP
/// trains on LRR's mask of every level (<c>imp-lrrmask</c>) and LRR on IMP's, without and with BatchNorm rewinding
/// (<c>lrr-impmask</c>, <c>lrr-impmask-bn</c>). All arms of a seed share θ(0), the data order, the dense level 0 and the
/// rewind point. The default is sized for a CPU: conv-16-32 (it has BatchNorm) on Fashion-MNIST.
/// </summary>
/// <remarks>
/// There is no "IMP on LRR's mask with BN rewinding" arm: <c>wr</c> already restores the whole rewind point — BN γ, β,
/// running statistics and the optimizer state — so <c>pruning.rewind_bn</c> changes nothing for it and the arm would repeat
/// <c>imp-lrrmask</c> bit for bit.
/// </remarks>
public sealed class MaskTransplantStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "mask-transplant";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 2d, 3, 4: IMP trained on LRR's masks and LRR (± BN rewinding) on IMP's masks, beside both donors (conv-16-32 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => ConvBase();

    /// <summary>The arms, donors first.</summary>
    public static IReadOnlyList<string> ArmNames { get; } = ["imp", "lrr", "imp-lrrmask", "lrr-impmask", "lrr-impmask-bn"];

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        return
        [
            new StudyArm("imp", Imp(b)),
            new StudyArm("lrr", Lrr(b)),
            WithDonors(context, "imp-lrrmask", Imp(b), maskFrom: "lrr"),
            WithDonors(context, "lrr-impmask", Lrr(b), maskFrom: "imp"),
            WithDonors(context, "lrr-impmask-bn", WithBatchNormRewinding(Lrr(b)), maskFrom: "imp"),
        ];
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Mask transplants (Paper A Figs. 3, 4): IMP on LRR's masks, LRR on IMP's — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <summary>
    /// The claims of Figs. 2d, 3 and 4 over <paramref name="levels"/> (the pruned levels). Fig. 3's leaves out level 1:
    /// there IMP and LRR prune the same dense network, so IMP on LRR's mask is IMP itself, identical by construction.
    /// </summary>
    public static IReadOnlyList<PairedClaim> PaperClaims(IReadOnlyList<int> levels) =>
    [
        new("Fig. 3", "IMP trained on LRR's mask beats IMP on its own mask (LRR finds a better mask; from level 2, where the masks can differ)",
            Contrast.Between("imp-lrrmask", "imp"), levels.Where(l => l >= 2).ToArray()),
        new("Figs. 2d, 4", "LRR with BN rewinding on IMP's mask beats IMP (LRR optimises IMP's mask better)", Contrast.Between("lrr-impmask-bn", "imp"), levels),
        new("Fig. 4a,b", "LRR on IMP's mask beats IMP without BN rewinding (CIFAR-10 in the paper; not CIFAR-100)", Contrast.Between("lrr-impmask", "imp"), levels),
        new("Fig. 4c,d", "BN rewinding helps LRR on IMP's mask", Contrast.Between("lrr-impmask-bn", "lrr-impmask"), levels),
        new("§3", "LRR beats IMP", Contrast.Between("lrr", "imp"), levels),
    ];

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results) => PaperClaims(PrunedLevels(results));

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, StudyResults results)
    {
        yield return MaskOverlapSection(results, "imp", "lrr");
        var bn = BatchNormSection(results);
        yield return bn.Length > 0 ? bn
            : "## BatchNorm γ\n\nThe network has no BatchNorm, so the `-bn` arms run exactly as their plain versions; use a model with BatchNorm (e.g. conv-16-32) to test BN rewinding.\n";
    }
}
