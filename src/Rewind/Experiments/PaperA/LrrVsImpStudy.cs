using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment lrr-vs-imp</c>: Paper A's headline comparison (§3, Figs. 2–5, 13–15): IMP (weight rewinding to
/// the end of the dense warm-up) against learning-rate rewinding on the same seeds, with the sign records every run keeps
/// (<c>signs.json</c> per level, <c>sign-history.json</c>). Decides two claims: LRR is more accurate than IMP at the same
/// sparsity, and LRR flips more signs than IMP and mostly in the early levels (finding <c>signs-early</c>). Default:
/// LeNet-300-100 on Fashion-MNIST at Paper A's protocol sized for a CPU (<see cref="PaperAStudy.LeNetBaseYaml"/>).
/// </summary>
public sealed class LrrVsImpStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "lrr-vs-imp";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 2-5, 13-15: IMP (weight rewinding) vs LRR on shared seeds — accuracy per level and the sign flips of each (LeNet-300-100 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    public override RunSpec DefaultSpec() => LeNetBase();

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [new StudyArm("imp", Imp(context.BaseSpec)), new StudyArm("lrr", Lrr(context.BaseSpec))];
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"LRR vs IMP (Paper A Figs. 2-5): accuracy and signs — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <summary>The accuracy claim of Figs. 2-4 over <paramref name="levels"/>.</summary>
    public static IReadOnlyList<PairedClaim> PaperClaims(IReadOnlyList<int> levels) =>
        [new("Figs. 2-4", "LRR is more accurate than IMP at the same sparsity", Contrast.Between("lrr", "imp"), levels)];

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results) => PaperClaims(PrunedLevels(results));

    /// <summary>One run's sign measures: the mean share of alive weights whose sign differs from θ(0) at the end of the pruned
    /// levels, and the share of its level-to-level flip rate that falls in the first half of the pruned levels.</summary>
    public sealed record SignMeasures(int Seed, double FlipsVsInit, double EarlyShare, double SwitchesPerWeight);

    /// <summary>The sign measures of every finished run of <paramref name="arm"/> (levels ≥ 1 with a sign record).</summary>
    public static IReadOnlyList<SignMeasures> Measures(StudyResults results, string arm)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = new List<SignMeasures>();
        foreach (var run in results.Runs.Where(r => r.Arm == arm))
        {
            var (levels, history) = RunAnalysis.Analyze(run.Store);
            var pruned = levels.Where(l => l.Level >= 1 && l.Alive > 0).OrderBy(l => l.Level).ToList();
            if (pruned.Count < 2) continue;
            var rates = pruned.Select(l => (double)l.FlipsVsPrevious / l.Alive).ToArray();
            double total = rates.Sum();
            int half = pruned.Count / 2;
            list.Add(new SignMeasures(run.Seed, pruned.Average(l => (double)l.FlipsVsInit / l.Alive),
                total > 0 ? rates.Take(half).Sum() / total : double.NaN,
                history.Weights == 0 ? double.NaN : history.Switches.Select((n, k) => (double)n * k).Sum() / history.Weights));
        }
        return list.OrderBy(m => m.Seed).ToList();
    }

    /// <summary>
    /// The verdict of "LRR flips more signs than IMP, and mostly early": (a) LRR − IMP of the mean share of alive weights
    /// flipped relative to θ(0), paired over seeds, interval above 0; (b) LRR's share of its level-to-level flip rate in the
    /// first half of the pruned levels, interval above ½. Held when both hold, not held when either interval lies wholly on
    /// the wrong side, undecided otherwise. An approximation of Figs. 5 and 13 in two numbers; the report shows the levels.
    /// </summary>
    public static StudyFinding SignsEarly(IReadOnlyList<SignMeasures> lrr, IReadOnlyList<SignMeasures> imp)
    {
        ArgumentNullException.ThrowIfNull(lrr);
        ArgumentNullException.ThrowIfNull(imp);
        var seeds = lrr.Select(m => m.Seed).Intersect(imp.Select(m => m.Seed)).Order().ToArray();
        if (seeds.Length == 0) return new StudyFinding("signs-early", StudyFinding.Undecided, "no seed with finished LRR and IMP runs");
        var more = PairedComparison.Of(seeds.Select(s => lrr.First(m => m.Seed == s).FlipsVsInit).ToArray(),
                                       seeds.Select(s => imp.First(m => m.Seed == s).FlipsVsInit).ToArray()).Difference;
        var early = Statistics.ConfidenceInterval95(lrr.Select(m => m.EarlyShare - 0.5).Where(double.IsFinite).ToArray());
        int a = Side(more), b = Side(early);
        string verdict = a > 0 && b > 0 ? StudyFinding.Held : a < 0 || b < 0 ? StudyFinding.NotHeld : StudyFinding.Undecided;
        return new StudyFinding("signs-early", verdict, string.Create(CultureInfo.InvariantCulture,
            $"flipped vs θ(0), LRR − IMP: {more.Mean * 100:0.0} points [{more.Lower * 100:0.0}, {more.Upper * 100:0.0}]; " +
            $"LRR's share of flips in the first half of the levels: {(early.Mean + 0.5) * 100:0} % [{(early.Lower + 0.5) * 100:0}, {(early.Upper + 0.5) * 100:0}] ({seeds.Length} seeds)"));
    }

    private static int Side(Estimate e) => !e.HasInterval ? 0 : e.Lower > 0 ? 1 : e.Upper < 0 ? -1 : 0;

    /// <inheritdoc/>
    protected override IReadOnlyList<StudyFinding> ExtraFindings(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [SignsEarly(Measures(results, "lrr"), Measures(results, "imp"))];
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var lrr = Measures(results, "lrr");
        var imp = Measures(results, "imp");
        var sb = new StringBuilder("## Signs (Figs. 5, 13, 14)\n\n");
        var finding = SignsEarly(lrr, imp);
        sb.Append(CultureInfo.InvariantCulture, $"**LRR flips more signs than IMP, mostly early: {finding.Verdict}** — {finding.Evidence}.\n\n");
        sb.Append("Per level, the share of alive weights whose sign differs from θ(0) at the level's end (mean over seeds):\n\n");
        sb.Append("| level | density | IMP flipped vs θ(0) | LRR flipped vs θ(0) | IMP flipped vs previous level | LRR flipped vs previous level |\n|---|---|---|---|---|---|\n");
        foreach (int level in results.Levels)
        {
            var i = Level(results, "imp", level);
            var l = Level(results, "lrr", level);
            sb.Append(CultureInfo.InvariantCulture,
                $"| {level} | {results.DensityOf(level) * 100:0.00} % | {Pct(i, s => s.FlipsVsInit)} | {Pct(l, s => s.FlipsVsInit)} | {Pct(i, s => s.FlipsVsPrevious)} | {Pct(l, s => s.FlipsVsPrevious)} |\n");
        }
        var series = new List<LineSeries>();
        foreach (var (arm, dashed) in new[] { ("imp", false), ("lrr", false), ("imp", true), ("lrr", true) })
        {
            var levels = results.Levels.Where(l => Level(results, arm, l).Count > 0).ToArray();
            double Mean(int level) => Level(results, arm, level).Where(x => x.Alive > 0)
                .Average(x => 100.0 * (dashed ? x.FlipsVsPrevious : x.FlipsVsInit) / x.Alive);
            if (levels.Length > 0)
                series.Add(new LineSeries($"{arm.ToUpperInvariant()} {(dashed ? "vs previous level" : "vs θ(0)")}",
                    levels.Select(l => (double)l).ToArray(), levels.Select(Mean).ToArray(), Dashed: dashed));
        }
        if (StudyCharts.Lines(Path.Combine(results.OutDir, "plots", "sign-flips.png"), "Sign flips of alive weights (mean over seeds)",
                "pruning level", "weights whose sign differs (%)", series))
            sb.Append("\n![Sign flips per level](plots/sign-flips.png)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"\nSign switches per weight over the whole run (mean over seeds): IMP {Mean(imp.Select(m => m.SwitchesPerWeight)):0.00}, LRR {Mean(lrr.Select(m => m.SwitchesPerWeight)):0.00}. ");
        sb.Append("`rewind analyze RUN` draws a run's stabilisation levels and switch counts.\n");
        yield return sb.ToString();
    }

    private static IReadOnlyList<LevelSigns> Level(StudyResults results, string arm, int level) =>
        results.Runs.Where(r => r.Arm == arm).Select(r => r.Store.ReadLevelRecord<LevelSigns>(level, LevelSigns.FileName)).OfType<LevelSigns>().ToList();

    private static string Pct(IReadOnlyList<LevelSigns> signs, Func<LevelSigns, long> count)
    {
        var values = signs.Where(s => s.Alive > 0).Select(s => (double)count(s) / s.Alive).ToArray();
        return values.Length == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{values.Average() * 100:0.0} %");
    }

    private static double Mean(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }
}
