using System.Globalization;
using System.Text;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment sign-perturbation</c>: Paper A's sign perturbations (§3, Figs. 6, 7a,b; ALGORITHMS §5.7). IMP
/// (<c>wr</c>) and LRR run as baselines; for every perturbation setting (level L, fraction r) a copy of each flips the signs
/// of exactly round(r·alive) weights per layer at the start of level L (<c>pruning.perturb_signs</c>) and copies levels
/// 0..L−1 from its baseline. Paper A's settings, the defaults: r = 0.3 at level 1 (20% sparsity) and r = 0.8 at the level
/// nearest 83% sparsity (level 8 at 20% per level). The claim — LRR recovers more reliably, given enough
/// overparameterisation — is tested on each arm's drop relative to its own baseline, paired over seeds:
/// (LRR-perturbed − LRR) − (IMP-perturbed − IMP) at levels L..last. Default: LeNet-300-100 on Fashion-MNIST, 5 seeds.
/// </summary>
public sealed class SignPerturbationStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "sign-perturbation";

    /// <summary>Sparsity of Paper A's second perturbation (after the 8th pruning step at 20% per level: 1 − 0.8⁸ = 83.2%).</summary>
    public const double HighSparsity = 0.83;

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 6, 7a,b: flip a fraction of the signs at a low and a high sparsity for IMP and LRR and compare how each recovers (LeNet-300-100 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override int DefaultSeeds => 5;

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => LeNetBase();

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
    [
        new("levels", "Comma-separated pruned levels at whose start signs are flipped; default: 1 and the level nearest 83% sparsity (8 at 20% per level)."),
        new("fractions", "Fractions of the alive weights flipped per layer: one list for every level (0.3,0.8), or one list per level separated by '/' (0.3/0.8: 0.3 at the first level, 0.8 at the second); default Paper A's: 0.3 at a level below 50% sparsity, 0.8 above."),
    ];

    /// <summary>The perturbation settings of a definition for <paramref name="baseSpec"/>, in order (checked: levels inside the run, fractions in (0, 1]).</summary>
    public IReadOnlyList<(int Level, double Fraction)> Settings(StudyDefinition definition, RunSpec baseSpec)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(baseSpec);
        return ParseSettings(definition.Parameter("levels"), definition.Parameter("fractions"), baseSpec.Pruning.Levels, baseSpec.Pruning.Rate);
    }

    /// <summary>The level whose sparsity 1 − (1 − rate)^L is nearest <paramref name="sparsity"/> (at least 1, at most <paramref name="levels"/>).</summary>
    public static int NearestLevel(double sparsity, double rate, int levels)
    {
        int best = 1;
        for (int l = 1; l <= Math.Max(1, levels); l++)
            if (Math.Abs(1 - Math.Pow(1 - rate, l) - sparsity) < Math.Abs(1 - Math.Pow(1 - rate, best) - sparsity)) best = l;
        return best;
    }

    /// <summary>
    /// Parses <c>--levels</c> and <c>--fractions</c> (null = the defaults) for a run of <paramref name="levels"/> pruned
    /// levels at <paramref name="rate"/> per level; mistakes are user errors naming the option.
    /// </summary>
    public static IReadOnlyList<(int Level, double Fraction)> ParseSettings(string? levelsText, string? fractionsText, int levels, double rate)
    {
        int[] at = levelsText is null
            ? new[] { 1, NearestLevel(HighSparsity, rate, levels) }.Distinct().ToArray()
            : levelsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
                int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int l) ? l
                    : throw new RewindUserException($"--levels: '{t}' is not a level; write pruned levels, e.g. 1,8.")).ToArray();
        if (at.Length == 0) throw new RewindUserException("--levels: name at least one pruned level, e.g. 1,8.");
        foreach (int l in at)
            if (l < 1 || l > levels)
                throw new RewindUserException($"--levels: {l} is not a pruned level of the base spec (1..{levels}, pruning.levels); perturb at a level the runs reach.");
        if (at.Distinct().Count() != at.Length) throw new RewindUserException($"--levels: '{levelsText}' names a level twice.");
        if (fractionsText is null) // Paper A's: 0.3 at a low sparsity (20%), 0.8 at a high one (83%)
            return at.Select(l => (l, 1 - Math.Pow(1 - rate, l) < 0.5 ? 0.3 : 0.8)).ToList();
        var groups = fractionsText.Split('/').Select(g =>
            g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
                double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f <= 1 ? f
                    : throw new RewindUserException($"--fractions: '{t}' is not a fraction in (0, 1]; write e.g. 0.3 (30% of the alive weights per layer).")).ToArray()).ToArray();
        if (groups.Any(g => g.Length == 0)) throw new RewindUserException($"--fractions: '{fractionsText}' has an empty group; write e.g. 0.3/0.8 or 0.3,0.8.");
        if (groups.Length != 1 && groups.Length != at.Length)
            throw new RewindUserException(
                $"--fractions: '{fractionsText}' has {groups.Length} groups separated by '/' but there are {at.Length} levels ({string.Join(",", at)}); give one list for every level or one group per level.");
        var settings = new List<(int, double)>();
        for (int i = 0; i < at.Length; i++)
            foreach (double f in groups.Length == 1 ? groups[0] : groups[i])
                if (!settings.Contains((at[i], f))) settings.Add((at[i], f));
        return settings;
    }

    /// <summary>The label of the arm of <paramref name="strategy"/> (imp, lrr) perturbed at <paramref name="level"/> by <paramref name="fraction"/>, e.g. <c>lrr-l8-r0.8</c>.</summary>
    public static string Label(string strategy, int level, double fraction) =>
        string.Create(CultureInfo.InvariantCulture, $"{strategy}-l{level}-r{fraction:0.###}");

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        var arms = new List<StudyArm> { new("imp", Imp(b)), new("lrr", Lrr(b)) };
        foreach (var (level, fraction) in Settings(context.Definition, b))
            foreach (var baseline in arms.Take(2).ToList())
                arms.Add(new StudyArm(Label(baseline.Label, level, fraction),
                    baseline.Spec with { Pruning = baseline.Spec.Pruning with { PerturbSigns = new SignPerturbationSpec { Level = level, Fraction = fraction } } },
                    ReuseFrom: baseline.Label));
        return arms;
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Sign perturbations (Paper A Figs. 6, 7a,b): IMP vs LRR — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <summary>The claim for one setting: LRR's drop relative to its baseline is smaller than IMP's at levels <paramref name="level"/>..<paramref name="last"/>.</summary>
    public static PairedClaim Claim(int level, double fraction, int last, double rate) =>
        new(1 - Math.Pow(1 - rate, level) < 0.5 ? "Fig. 6" : "Fig. 7a,b",
            string.Create(CultureInfo.InvariantCulture,
                $"LRR recovers better than IMP from {fraction * 100:0.#}% of the signs flipped at level {level} ({(1 - Math.Pow(1 - rate, level)) * 100:0.#}% sparsity)"),
            Contrast.OfChanges(Label("lrr", level, fraction), "lrr", Label("imp", level, fraction), "imp"),
            Enumerable.Range(level, Math.Max(0, last - level + 1)).ToArray());

    /// <inheritdoc/>
    protected override string? OverallFindingId => "perturbation-recovery";

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        int last = PrunedLevels(results).DefaultIfEmpty(0).Max();
        return Settings(context.Definition, context.BaseSpec).Select(s => Claim(s.Level, s.Fraction, last, context.BaseSpec.Pruning.Rate)).ToList();
    }

    /// <inheritdoc/>
    protected override string Overall(StudyContext context, StudyResults results, IReadOnlyList<ClaimTest> tests)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tests);
        var settings = Settings(context.Definition, context.BaseSpec);
        if (tests.Count == 0) return "";
        int lowest = settings.Min(s => s.Level);
        var low = tests.Where((_, i) => settings[i].Level == lowest).ToList();
        var verdict = PairedFindings.All(low.Select(t => t.Verdict));
        return $"**Overall — LRR recovers more reliably from sign perturbations, given enough overparameterisation: {PairedFindings.Word(verdict)}** " +
               $"(decided at the least sparse perturbation, level {lowest}, where the network is most overparameterised" +
               (settings.Any(s => s.Level != lowest)
                   ? "; at the sparser levels Paper A itself reports LRR suffering more than IMP on CIFAR-100 before recovering beyond 95% sparsity"
                   : "") + ").";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = Settings(context.Definition, context.BaseSpec);
        yield return DropSection(results, settings);
        yield return PerturbationRecords(results, settings);
    }

    /// <summary>
    /// "## Each arm against its own baseline": per setting and strategy, the paired drop perturbed − baseline at every level
    /// from the perturbation on (mean and 95% interval over seeds), whether the arm is back at its baseline at the last
    /// level, and the accuracy curves (baseline solid, perturbed dashed; Paper A Figs. 6, 7a,b).
    /// </summary>
    public static string DropSection(StudyResults results, IReadOnlyList<(int Level, double Fraction)> settings)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        int last = PrunedLevels(results).DefaultIfEmpty(0).Max();
        if (last == 0) return "";
        var md = new StringBuilder("## Each arm against its own baseline\n\n");
        md.Append("Test accuracy of the perturbed run minus its unperturbed baseline, seed by seed (points; mean and paired 95% interval). ")
          .Append("At the last level an arm is *back at its baseline* when the interval contains 0.\n\n");
        var rows = new List<IReadOnlyList<string>>();
        var recovery = new List<string>();
        foreach (var (level, fraction) in settings)
        {
            var lines = new List<LineSeries>();
            foreach (var strategy in new[] { "imp", "lrr" })
            {
                var arm = Label(strategy, level, fraction);
                var levels = Enumerable.Range(level, last - level + 1).ToArray();
                var drops = PairedFindings.Compare(PairedFindings.Pairs(results, Contrast.Between(arm, strategy), levels));
                foreach (var d in drops)
                    rows.Add([arm, d.Level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(d.Density),
                        PairedFindings.Points(d.Difference.Difference.Mean), PairedFindings.Interval(d.Difference.Difference)]);
                if (drops.Count > 0 && drops[^1] is { Level: var l } end && l == last)
                {
                    var e = end.Difference.Difference;
                    string state = !e.HasInterval ? "one seed, no interval" : e.Upper < 0 ? "still below its baseline" : e.Lower > 0 ? "above its baseline" : "back at its baseline";
                    recovery.Add($"**{arm}** at level {last}: {PairedFindings.Points(e.Mean)} points {PairedFindings.Interval(e)} — {state}.");
                }
                foreach (var (label, name, dashed) in new[] { (strategy, strategy, false), (arm, arm, true) })
                {
                    var x = results.Levels.Where(lv => results.Estimate(name, lv, s => s.TestAccuracy) is not null).ToArray();
                    var est = x.Select(lv => results.Estimate(name, lv, s => s.TestAccuracy)!).ToArray();
                    if (x.Length == 0) continue;
                    lines.Add(new LineSeries(label, x.Select(v => (double)v).ToArray(), est.Select(e => 100 * e.Mean).ToArray(),
                        est.Select(e => e.HasInterval ? 100 * e.Lower : double.NaN).ToArray(), est.Select(e => e.HasInterval ? 100 * e.Upper : double.NaN).ToArray(), dashed));
                }
            }
            string file = string.Create(CultureInfo.InvariantCulture, $"perturbation-l{level}-r{fraction:0.###}.png");
            if (StudyCharts.Lines(Path.Combine(results.OutDir, "plots", file),
                    string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.#}% of the signs flipped at the start of level {level} (dashed)"),
                    "pruning level", "test accuracy (%)", lines))
                md.Append($"![Perturbation at level {level}, fraction {fraction.ToString(CultureInfo.InvariantCulture)}](plots/{file})\n\n");
        }
        foreach (var r in recovery) md.Append("- ").Append(r).Append('\n');
        if (recovery.Count > 0) md.Append('\n');
        Markdown.Table(md, ["arm", "level", "density (%)", "perturbed − baseline (points)", "95% CI"], rows);
        md.Append('\n');
        return md.ToString();
    }

    /// <summary>"## What was flipped": per perturbed arm, the flipped and alive weights summed over layers, from the first seed's <c>perturbation.json</c>.</summary>
    public static string PerturbationRecords(StudyResults results, IReadOnlyList<(int Level, double Fraction)> settings)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (level, fraction) in settings)
            foreach (var strategy in new[] { "imp", "lrr" })
            {
                var run = results.Runs.FirstOrDefault(r => r.Arm == Label(strategy, level, fraction));
                if (run?.Store.ReadLevelRecord<SignPerturbation>(level, SignPerturbation.FileName) is not { } p) continue;
                rows.Add([run.Arm, $"{run.Seed}", $"{level}", Markdown.Count(p.Layers.Sum(l => l.Flipped)), Markdown.Count(p.Layers.Sum(l => l.Alive)),
                    string.Join(", ", p.Layers.Select(l => $"{l.Name} {Markdown.Count(l.Flipped)}/{Markdown.Count(l.Alive)}"))]);
            }
        if (rows.Count == 0) return "";
        var md = new StringBuilder("## What was flipped\n\nExactly round(r × alive) signs per prunable layer, chosen by the run's seed (`levels/NN/perturbation.json`; first seed shown).\n\n");
        Markdown.Table(md, ["arm", "seed", "level", "flipped", "alive", "per layer (flipped/alive)"], rows);
        md.Append('\n');
        return md.ToString();
    }
}
