using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment sign-transplant</c>: is it LRR's mask or LRR's signs that IMP lacks? (Paper A §3, Figs. 7c,d, 12,
/// 15a, 17a; ALGORITHMS §5.6). The donor LRR and IMP run first; then IMP trains on LRR's mask of every level starting
/// from its own rewound weights (<c>imp-lrrmask</c>), the same with LRR's signs of that level on the rewound magnitudes
/// (<c>imp-lrrmask-lrrsigns</c>), and IMP on its own mask with the magnitudes rewound but its own learnt signs kept
/// (<c>imp-ownsigns</c>, <c>pruning.keep_signs</c>). All arms of a seed share θ(0), the data order, level 0 and the rewind
/// point. Default: LeNet-300-100 on Fashion-MNIST (<see cref="PaperAStudy.LeNetBaseYaml"/>).
/// </summary>
public sealed class SignTransplantStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "sign-transplant";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 7c,d, 12: IMP on LRR's mask with and without LRR's signs, and IMP keeping its own signs, beside LRR and IMP (LeNet-300-100 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => LeNetBase();

    /// <summary>The arms, donors first.</summary>
    public static IReadOnlyList<string> ArmNames { get; } = ["imp", "lrr", "imp-lrrmask", "imp-lrrmask-lrrsigns", "imp-ownsigns"];

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        var imp = Imp(b);
        return
        [
            new StudyArm("imp", imp),
            new StudyArm("lrr", Lrr(b)),
            WithDonors(context, "imp-lrrmask", imp, maskFrom: "lrr"),
            WithDonors(context, "imp-lrrmask-lrrsigns", imp, maskFrom: "lrr", signsFrom: "lrr"),
            new StudyArm("imp-ownsigns", imp with { Pruning = imp.Pruning with { KeepSigns = true } }),
        ];
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Sign transplants (Paper A Figs. 7c,d, 12): LRR's mask, LRR's signs — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <summary>The claims of Figs. 7c,d and 12 over <paramref name="levels"/> (the pruned levels; the mask transplant from level 2, where the masks can differ).</summary>
    public static IReadOnlyList<PairedClaim> PaperClaims(IReadOnlyList<int> levels) =>
    [
        new("Figs. 7c,d, 12", "LRR's mask helps IMP only with LRR's signs: IMP on LRR's mask and signs beats IMP on LRR's mask alone",
            Contrast.Between("imp-lrrmask-lrrsigns", "imp-lrrmask"), levels),
        new("Fig. 3", "IMP on LRR's mask beats IMP on its own (from level 2)", Contrast.Between("imp-lrrmask", "imp"), levels.Where(l => l >= 2).ToArray()),
        new("Fig. 7c", "Rewinding only the magnitudes and keeping the learnt signs beats IMP", Contrast.Between("imp-ownsigns", "imp"), levels),
    ];

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results) => PaperClaims(PrunedLevels(results));
}
