using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// What Paper A's studies (Gadhikar &amp; Burkholz, ICLR 2024, §3 and appendix A) share: the CPU-sized base specs
/// (Table 1's protocol on LeNet-300-100 or a small conv net with BatchNorm on Fashion-MNIST), Paper A's "IMP" (weight
/// rewinding to the end of a dense warm-up, strategy <c>wr</c>) and LRR, arms that read a donor run of the same seed
/// (mask and sign transplants), and the report: the comparison of the arms, then the paper's claims decided by paired
/// differences over the shared seeds (<see cref="PairedFindings"/>), then the study's own sections.
/// </summary>
public abstract class PaperAStudy : ArmStudy
{
    /// <summary>
    /// Paper A's protocol (Table 1, ALGORITHMS §5.1) at CPU scale on LeNet-300-100: 12,000 Fashion-MNIST training images,
    /// a dense warm-up of one epoch whose end is IMP's rewind point, 3 epochs per level with SGD (0.1, momentum 0.9,
    /// weight decay 1e-4) and a cosine with a linear warm-up over the first 1/15 of every level (Paper A's 10 of 150 epochs)
    /// down to 0.01; global magnitude pruning of 20% per level for 12 levels (6.87% of the weights left).
    /// </summary>
    public const string LeNetBaseYaml = """
        # Paper A's protocol (Table 1) at CPU scale: LeNet-300-100 on Fashion-MNIST, a few minutes per seed on 2 cores.
        # "IMP" is Paper A's: weight rewinding to the end of the dense warm-up (pruning.rewind_to = training.dense_warmup).
        name: paper-a-lenet
        data:
          name: fashion-mnist
          train_subset: 12000
        model:
          name: lenet-300-100
        training:
          duration: 3ep
          batch_size: 128
          dense_warmup: 1ep
        optimizer:
          name: sgd
          lr: 0.1
          momentum: 0.9
          weight_decay: 0.0001
        schedule:
          name: cosine
          warmup: 19it
          min_lr: 0.01
        pruning:
          strategy: lrr
          levels: 12
          rate: 0.2
          scorer: global-magnitude
          rewind_to: 1ep
        """;

    /// <summary>
    /// The same protocol on <c>conv-16-32</c> (two 3×3 conv + BatchNorm + ReLU + max-pool blocks, then a linear layer),
    /// the small network with BatchNorm that the BN-rewinding arms need: 8,000 training images, 2 epochs per level,
    /// 10 levels (10.7% of the weights left).
    /// </summary>
    public const string ConvBaseYaml = """
        # Paper A's protocol (Table 1) at CPU scale on a small conv net with BatchNorm (for the BN-rewinding arms).
        # "IMP" is Paper A's: weight rewinding to the end of the dense warm-up (pruning.rewind_to = training.dense_warmup).
        name: paper-a-conv
        data:
          name: fashion-mnist
          train_subset: 8000
        model:
          name: conv-16-32
        training:
          duration: 2ep
          batch_size: 128
          dense_warmup: 1ep
        optimizer:
          name: sgd
          lr: 0.1
          momentum: 0.9
          weight_decay: 0.0001
        schedule:
          name: cosine
          warmup: 8it
          min_lr: 0.01
        pruning:
          strategy: lrr
          levels: 10
          rate: 0.2
          scorer: global-magnitude
          rewind_to: 1ep
        """;

    /// <summary>The LeNet-300-100 base (<see cref="LeNetBaseYaml"/>) with <paramref name="overrides"/> applied.</summary>
    public static RunSpec LeNetBase(IEnumerable<string>? overrides = null) =>
        SpecLoader.FromYaml(LeNetBaseYaml, "Paper A's LeNet-300-100 base spec", overrides);

    /// <summary>The conv-16-32 base (<see cref="ConvBaseYaml"/>) with <paramref name="overrides"/> applied.</summary>
    public static RunSpec ConvBase(IEnumerable<string>? overrides = null) =>
        SpecLoader.FromYaml(ConvBaseYaml, "Paper A's conv-16-32 base spec", overrides);

    /// <inheritdoc/>
    public override int DefaultSeeds => 3;

    /// <summary>Paper A's "IMP": weight rewinding (<c>wr</c>) to <c>pruning.rewind_to</c>, the end of the dense warm-up.</summary>
    public static RunSpec Imp(RunSpec b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b with { Pruning = b.Pruning with { Strategy = "wr" } };
    }

    /// <summary>LRR: keep the weights (and momentum), restart the learning-rate schedule.</summary>
    public static RunSpec Lrr(RunSpec b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b with { Pruning = b.Pruning with { Strategy = "lrr" } };
    }

    /// <summary>The spec with BatchNorm rewinding at every level (<c>pruning.rewind_bn</c>, Paper A §3).</summary>
    public static RunSpec WithBatchNormRewinding(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with { Pruning = spec.Pruning with { RewindBatchNorm = true } };
    }

    /// <summary>
    /// An arm whose runs read donor runs of the same seed: <c>pruning.mask_from</c> = the run of arm
    /// <paramref name="maskFrom"/>, <c>pruning.signs_from</c> = the run of arm <paramref name="signsFrom"/> (absolute
    /// directories), each listed in <see cref="StudyArm.After"/> so every executor runs the donors first.
    /// </summary>
    public static StudyArm WithDonors(StudyContext context, string label, RunSpec spec, string? maskFrom = null, string? signsFrom = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var donors = new[] { maskFrom, signsFrom }.OfType<string>().Distinct().ToArray();
        return new StudyArm(label, spec)
        {
            ForSeed = (seed, s) => s with
            {
                Pruning = s.Pruning with
                {
                    MaskFrom = maskFrom is null ? s.Pruning.MaskFrom : context.RunDirectory(maskFrom, seed),
                    SignsFrom = signsFrom is null ? s.Pruning.SignsFrom : context.RunDirectory(signsFrom, seed),
                },
            },
            After = seed => donors.Select(d => context.RunDirectory(d, seed)).ToArray(),
        };
    }

    /// <summary>The pruned levels (≥ 1) any run has finished, ascending.</summary>
    public static IReadOnlyList<int> PrunedLevels(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Levels.Where(l => l >= 1).ToArray();
    }

    /// <summary>The claims of Paper A the study decides, with the levels each is about (from the finished runs).</summary>
    protected abstract IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results);

    /// <summary>The study's own sections after the claims (default none).</summary>
    protected virtual IEnumerable<string> StudySections(StudyContext context, StudyResults results) => [];

    /// <summary>A line above the claims' bullets, e.g. an overall verdict made of several claims (default none).</summary>
    protected virtual string Overall(StudyContext context, StudyResults results, IReadOnlyList<ClaimTest> tests) => "";

    /// <inheritdoc/>
    protected override IEnumerable<string> Sections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var tests = Claims(context, results).Select(c => PairedFindings.Test(results, c)).ToList();
        var overall = Overall(context, results, tests);
        yield return PairedFindings.Section(results.OutDir, "Paper A's claims at this scale",
            ClaimsIntro + (overall.Length > 0 ? "\n\n" + overall : ""), tests);
        foreach (var s in StudySections(context, results)) yield return s;
        foreach (var s in base.Sections(context, results)) yield return s;
    }

    /// <summary>
    /// The study's verdicts for <c>findings.json</c> (read by <c>rewind claims</c>): one per claim of
    /// <see cref="Claims"/>, with the id <see cref="FindingId"/> of its contrast (e.g. <c>imp-lrrmask-vs-imp</c>) — the same
    /// verdict the report states — then <see cref="OverallFindingId"/> (all claims together) when the study names one, then
    /// <see cref="ExtraFindings"/>.
    /// </summary>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results(Arms(context).Select(a => a.Label).ToArray());
        var tests = Claims(context, results).Select(c => PairedFindings.Test(results, c)).ToList();
        var list = tests.Select(t => new StudyFinding(FindingId(t.Claim.Contrast), PairedFindings.Word(t.Verdict), PairedFindings.Sentence(t))).ToList();
        if (OverallFindingId is { } id && tests.Count > 0)
            list.Add(new StudyFinding(id, PairedFindings.Word(PairedFindings.All(tests.Select(t => t.Verdict))),
                string.Join(" ", tests.Select(PairedFindings.Sentence))));
        list.AddRange(ExtraFindings(context, results));
        return list;
    }

    /// <summary>The finding id of a claim's contrast: its name in lower case with " − " as "-vs-" and other separators as "-".</summary>
    public static string FindingId(Contrast contrast)
    {
        ArgumentNullException.ThrowIfNull(contrast);
        var s = contrast.Name.Replace(" − ", "-vs-", StringComparison.Ordinal).ToLowerInvariant();
        var sb = new StringBuilder();
        foreach (char c in s) sb.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '-');
        var id = sb.ToString();
        while (id.Contains("--", StringComparison.Ordinal)) id = id.Replace("--", "-", StringComparison.Ordinal);
        return id.Trim('-');
    }

    /// <summary>The id of one finding that combines all of the study's claims (held only if every one held), or null.</summary>
    protected virtual string? OverallFindingId => null;

    /// <summary>Findings beyond the paired claims, e.g. the sign statistics of <c>lrr-vs-imp</c> (default none).</summary>
    protected virtual IReadOnlyList<StudyFinding> ExtraFindings(StudyContext context, StudyResults results) => [];

    /// <summary>How the claims are decided, for the report.</summary>
    public const string ClaimsIntro =
        "The arms share their seeds (the same θ(0), data order and dense level 0), so every claim is decided on the seed-wise " +
        "differences of test accuracy at the end of each level it names: the paired-t 95% interval per level, Holm's correction " +
        "across those levels. **held**: some level is significantly in the claim's direction and none against it; **not held**: " +
        "some level is significantly against it; **undecided**: no level is significant (the intervals contain 0). At this CPU " +
        "scale (a small network, few epochs, few seeds) a claim of the paper can be real and still undecided here.";

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, string> Facts(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = new Dictionary<string, string>(base.Facts(context, results));
        var b = context.BaseSpec;
        facts["dense warm-up (before level 0)"] = b.Training.DenseWarmup.IsZero ? "none" : b.Training.DenseWarmup.ToString();
        facts.Remove("wr rewind point");
        facts["IMP (wr) rewinds to"] = b.Pruning.RewindTo.IsZero ? "θ(0)" : $"{b.Pruning.RewindTo} (its weights and optimizer state)";
        facts["schedule"] = Schedule(b);
        facts["seeds"] = string.Join(", ", context.Seeds);
        return facts;
    }

    /// <summary>The base spec's learning-rate shape in words.</summary>
    public static string Schedule(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var s = spec.Schedule;
        string how = s.PerEpoch ? ", set once per epoch" : "";
        return s.Name switch
        {
            "cosine" => $"cosine from {Num(spec.Optimizer.Lr)} to {Num(s.MinLr)}, linear warm-up {s.Warmup}{how}",
            "warmup-step" => $"warm-up {s.Warmup}, ×{Num(s.DropFactor)} at [{string.Join(", ", s.Drops)}]{how}",
            _ => s.Name + how,
        };
    }

    /// <summary>
    /// "## BatchNorm γ" across arms (Paper A Figs. 10–11): per BN layer, the share of channels with |γ| &lt; 0.01 at the last
    /// level every run of the arm finished (mean over seeds), and the γ distribution of the deepest BN layer per arm (first seed).
    /// Empty when the network has no BatchNorm.
    /// </summary>
    public static string BatchNormSection(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var byArm = new List<(string Arm, int Level, List<BatchNormGammas> Seeds)>();
        foreach (var arm in results.Arms)
        {
            var runs = results.Runs.Where(r => r.Arm == arm).ToList();
            int level = runs.Min(r => r.Levels[^1].Level);
            var records = runs.Select(r => r.Store.ReadLevelRecord<BatchNormGammas>(level, BatchNormGammas.FileName)).OfType<BatchNormGammas>().ToList();
            if (records.Count > 0) byArm.Add((arm, level, records));
        }
        if (byArm.Count == 0) return "";
        var layers = byArm[0].Seeds[0].Layers.Select(l => l.Name).ToList();
        var md = new StringBuilder("## BatchNorm γ\n\n");
        md.Append("Share of each BatchNorm layer's channels with |γ| < ").Append(BatchNormAnalysis.NearZero.ToString(CultureInfo.InvariantCulture))
          .Append(" at the last level (%, mean over seeds): channels the layer has switched off. Paper A (Figs. 10–11) finds such channels in ")
          .Append("deep layers for LRR on a foreign mask without BN rewinding (CIFAR-100, ResNet-50), and proposes rewinding BN.\n\n");
        Markdown.Table(md, ["layer", .. byArm.Select(a => $"{a.Arm} (level {a.Level}, {PercentFormat.Density(a.Seeds[0].Density)}%)")],
            layers.Select(name => (IReadOnlyList<string>)[name, .. byArm.Select(a =>
            {
                var v = a.Seeds.Select(s => s.Layers.FirstOrDefault(l => l.Name == name)?.NearZeroFraction ?? double.NaN).Where(double.IsFinite).ToList();
                return v.Count == 0 ? "–" : PercentFormat.TwoDecimals(v.Average());
            })]));
        md.Append('\n');
        var deepest = layers[^1];
        var series = byArm.Select(a => a.Seeds[0].Layers.FirstOrDefault(l => l.Name == deepest) is { } l ? new HistogramSeries(a.Arm, l.Histogram) : null)
            .OfType<HistogramSeries>().ToArray();
        if (StudyCharts.Histograms(Path.Combine(results.OutDir, "plots", "bn-gamma.png"), $"BatchNorm γ of {deepest} at the last level (first seed)", "γ", series))
            md.Append("![BatchNorm γ of the deepest layer per arm](plots/bn-gamma.png)\n\n");
        return md.ToString();
    }

    /// <summary>
    /// "## How different are the masks": per level, the Jaccard index and overlap coefficient of the masks of arms
    /// <paramref name="a"/> and <paramref name="b"/> and the share of the weights both keep that have the same sign, mean over
    /// seeds (Paper A §3: "are IMP and LRR masks sufficiently diverse?").
    /// </summary>
    public static string MaskOverlapSection(StudyResults results, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<MaskComparison>();
        foreach (int seed in results.Seeds)
        {
            var ra = results.Runs.FirstOrDefault(r => r.Arm == a && r.Seed == seed);
            var rb = results.Runs.FirstOrDefault(r => r.Arm == b && r.Seed == seed);
            if (ra is not null && rb is not null) rows.AddRange(SignAnalysis.Compare(ra.Store, rb.Store));
        }
        if (rows.Count == 0) return "";
        var md = new StringBuilder($"## How different are the masks of {a} and {b}\n\n");
        md.Append("At the end of each level (mean over seeds): the overlap of the two masks (Jaccard |A ∩ B| / |A ∪ B|, overlap coefficient ")
          .Append("|A ∩ B| / min(|A|, |B|)) and, of the weights both keep, the share with the same sign. `rewind analyze RUN OTHER` shows one pair.\n\n");
        var byLevel = rows.GroupBy(r => r.Level).OrderBy(g => g.Key).ToList();
        Markdown.Table(md, ["level", "density (%)", "Jaccard", "overlap coefficient", "same sign (%)", "seeds"],
            byLevel.Select(g => (IReadOnlyList<string>)[
                g.Key.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(g.Average(r => r.DensityA)),
                g.Average(r => r.Jaccard).ToString("0.000", CultureInfo.InvariantCulture),
                g.Average(r => r.OverlapCoefficient).ToString("0.000", CultureInfo.InvariantCulture),
                PercentFormat.TwoDecimals(g.Select(r => r.SignAgreement).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()),
                g.Count().ToString(CultureInfo.InvariantCulture)]));
        md.Append('\n');
        return md.ToString();
    }

    internal static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
