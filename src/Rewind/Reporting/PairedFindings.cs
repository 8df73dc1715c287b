using System.Globalization;
using System.Text;
using Rewind.Analysis;

namespace Rewind.Reporting;

/// <summary>
/// Claims of a paper decided from a study's runs by paired comparisons over shared seeds: arms of a study share seeds
/// (same θ(0), same data order), so a claim "A beats B" is tested on the seed-wise differences A − B at every level it
/// names (paired-t 95% interval, <see cref="PairedComparison"/>), with Holm's correction across those levels. A claim
/// <see cref="Verdict.Held"/> when at least one level differs significantly in its direction and none against it,
/// <see cref="Verdict.NotHeld"/> when some level differs significantly against it, and is
/// <see cref="Verdict.Undecided"/> otherwise (every paired interval contains 0 after correction, or one seed).
/// Pure functions over <see cref="StudyResults"/> or plain numbers, plus their Markdown.
/// </summary>
public static class PairedFindings
{
    /// <summary>Family-wise error rate of a claim's levels (Holm).</summary>
    public const double Alpha = 0.05;

    /// <summary>The paired values of <paramref name="contrast"/> at each of <paramref name="levels"/>: one pair per seed at which every arm of the contrast finished that level.</summary>
    public static IReadOnlyList<LevelPairs> Pairs(StudyResults results, Contrast contrast, IReadOnlyList<int> levels, Func<LevelSummary, double>? metric = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(contrast);
        ArgumentNullException.ThrowIfNull(levels);
        metric ??= l => l.TestAccuracy;
        var byArmSeed = results.Runs.ToDictionary(r => (r.Arm, r.Seed), r => r.Levels);
        var rows = new List<LevelPairs>();
        foreach (int level in levels)
        {
            var seeds = new List<int>();
            var a = new List<double>();
            var b = new List<double>();
            var densities = new List<double>();
            foreach (int seed in results.Seeds)
            {
                double plus = 0, minus = 0;
                bool complete = true;
                foreach (var term in contrast.Terms)
                {
                    var summary = byArmSeed.TryGetValue((term.Arm, seed), out var ls) ? ls.FirstOrDefault(l => l.Level == level) : null;
                    if (summary is null) { complete = false; break; }
                    double v = metric(summary);
                    if (term.Weight > 0) plus += term.Weight * v;
                    else minus -= term.Weight * v;
                    if (ReferenceEquals(term, contrast.Terms[0])) densities.Add(summary.Density);
                }
                if (!complete) continue;
                seeds.Add(seed);
                a.Add(plus);
                b.Add(minus);
            }
            if (a.Count > 0) rows.Add(new LevelPairs(level, densities.Average(), seeds, a, b));
        }
        return rows;
    }

    /// <summary>The paired difference A − B at each level, with Holm's correction across the levels at <paramref name="alpha"/>.</summary>
    public static IReadOnlyList<PairedLevel> Compare(IReadOnlyList<LevelPairs> levels, double alpha = Alpha)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var differences = levels.Select(l => PairedComparison.Of(l.A, l.B)).ToList();
        var holm = PairedComparison.Holm(differences.Select(d => d.P).ToList(), alpha);
        return levels.Select((l, i) => new PairedLevel(l.Level, l.Density, differences[i], holm[i].Adjusted, holm[i].Rejected)).ToList();
    }

    /// <summary>
    /// The verdict of "A − B &gt; 0" over <paramref name="levels"/>: <see cref="Verdict.NotHeld"/> when any level is
    /// significantly negative (even if others are significantly positive), <see cref="Verdict.Held"/> when some level is
    /// significantly positive and none negative, <see cref="Verdict.Undecided"/> when no level is significant.
    /// </summary>
    public static Verdict Decide(IReadOnlyList<PairedLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Any(l => l.Direction < 0)) return Verdict.NotHeld;
        return levels.Any(l => l.Direction > 0) ? Verdict.Held : Verdict.Undecided;
    }

    /// <summary>A claim made of several parts: not held if any part is not held, held if every part held, else undecided (also when there are no parts).</summary>
    public static Verdict All(IEnumerable<Verdict> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Contains(Verdict.NotHeld)) return Verdict.NotHeld;
        return list.Count > 0 && list.All(v => v == Verdict.Held) ? Verdict.Held : Verdict.Undecided;
    }

    /// <summary>Tests <paramref name="claim"/> on the finished runs of <paramref name="results"/> (test accuracy unless <paramref name="metric"/> says otherwise).</summary>
    public static ClaimTest Test(StudyResults results, PairedClaim claim, Func<LevelSummary, double>? metric = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Test(claim, Pairs(results, claim.Contrast, claim.Levels, metric));
    }

    /// <summary>Tests <paramref name="claim"/> on given per-level pairs (plain numbers; see <see cref="Pairs"/>).</summary>
    public static ClaimTest Test(PairedClaim claim, IReadOnlyList<LevelPairs> pairs)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(pairs);
        var levels = Compare(pairs);
        return new ClaimTest(claim, levels, Average(pairs), Decide(levels));
    }

    /// <summary>
    /// The per-seed mean of A − B over all the levels, as one paired estimate over the seeds that have every level
    /// (null when no seed has all of them): the size of the effect in one number, beside the per-level decision.
    /// </summary>
    public static Estimate? Average(IReadOnlyList<LevelPairs> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) return null;
        var common = pairs.Select(p => p.Seeds).Aggregate((IEnumerable<int>)pairs[0].Seeds, (acc, s) => acc.Intersect(s)).ToList();
        if (common.Count == 0) return null;
        var perSeed = common.Select(seed => pairs.Average(p =>
        {
            int i = IndexOf(p.Seeds, seed);
            return p.A[i] - p.B[i];
        })).ToArray();
        return Statistics.ConfidenceInterval95(perSeed);
    }

    private static int IndexOf(IReadOnlyList<int> seeds, int seed)
    {
        for (int i = 0; i < seeds.Count; i++) if (seeds[i] == seed) return i;
        return -1;
    }

    /// <summary>"held", "not held" or "undecided".</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Held => "held",
        Verdict.NotHeld => "not held",
        _ => "undecided",
    };

    /// <summary>
    /// One Markdown bullet (without "- ") stating the claim, its verdict and the numbers that decided it: the levels
    /// significant either way (Holm-corrected), the largest such difference with its interval, and the average over the levels.
    /// </summary>
    public static string Sentence(ClaimTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var c = test.Claim;
        var md = new StringBuilder();
        md.Append(c.Source.Length > 0 ? $"{c.Source} — " : "").Append(c.Statement).Append(": **").Append(Word(test.Verdict)).Append("** — ");
        int n = test.Levels.Count == 0 ? 0 : test.Levels.Max(l => l.Difference.Difference.Count);
        string contrast = $"`{c.Contrast.Name}`";
        if (test.Levels.Count == 0)
            return md.Append("no seed has finished the levels this claim compares yet.").ToString();
        string range = $"level{(c.Levels.Count == 1 ? "" : "s")} {Ranges(c.Levels)}";
        if (n < 2)
        {
            return md.Append($"with one seed there is no paired interval, so nothing is decided; {contrast} averages {Points(test.Average?.Mean ?? double.NaN)} points over {range}. ")
                .Append("Run with --seeds 3 or more.").ToString();
        }
        var up = test.Levels.Where(l => l.Direction > 0).ToList();
        var down = test.Levels.Where(l => l.Direction < 0).ToList();
        string seeds = $"n = {n} seeds, Holm-corrected over {range}";
        switch (test.Verdict)
        {
            case Verdict.Held:
                md.Append($"{contrast} is significantly positive at level{Plural(up)} {Ranges(up.Select(l => l.Level).ToList())} ({seeds}); ")
                  .Append($"largest {Describe(Largest(up))}; no level is significantly negative.");
                break;
            case Verdict.NotHeld:
                md.Append($"{contrast} is significantly negative at level{Plural(down)} {Ranges(down.Select(l => l.Level).ToList())} ({seeds}); ")
                  .Append($"largest {Describe(Largest(down))}");
                md.Append(up.Count > 0
                    ? $"; it is significantly positive at level{Plural(up)} {Ranges(up.Select(l => l.Level).ToList())} (largest {Describe(Largest(up))})."
                    : "; no level is significantly positive.");
                break;
            default:
                int containing = test.Levels.Count(l => l.Difference.Difference.HasInterval && l.Difference.Difference.Lower <= 0 && l.Difference.Difference.Upper >= 0);
                md.Append($"no level differs significantly ({seeds}); the paired 95% intervals contain 0 at {containing} of {test.Levels.Count} levels; ")
                  .Append($"largest |difference| {Describe(test.Levels.OrderByDescending(l => Math.Abs(l.Difference.Difference.Mean)).First())}.");
                break;
        }
        if (test.Average is { } avg)
            md.Append($" Averaged over the levels per seed: {Points(avg.Mean)} points {Interval(avg)}.");
        return md.ToString();
    }

    /// <summary>
    /// A report section: <paramref name="heading"/>, <paramref name="intro"/>, one bullet per claim (<see cref="Sentence"/>),
    /// a chart of every claim's difference per level with its 95% interval (<paramref name="plotName"/> under
    /// <paramref name="outDir"/>/plots) and one table per claim.
    /// </summary>
    public static string Section(string outDir, string heading, string intro, IReadOnlyList<ClaimTest> tests, string plotName = "paired-differences.png")
    {
        ArgumentNullException.ThrowIfNull(tests);
        var md = new StringBuilder($"## {heading}\n\n");
        if (intro.Length > 0) md.Append(intro.TrimEnd()).Append("\n\n");
        foreach (var t in tests) md.Append("- ").Append(Sentence(t)).Append('\n');
        md.Append('\n');
        var series = new List<LineSeries>();
        foreach (var t in tests.Where(t => t.Levels.Count > 0))
        {
            var x = t.Levels.Select(l => (double)l.Level).ToArray();
            series.Add(new LineSeries(t.Claim.Contrast.Name, x,
                t.Levels.Select(l => 100 * l.Difference.Difference.Mean).ToArray(),
                t.Levels.Select(l => l.Difference.Difference.HasInterval ? 100 * l.Difference.Difference.Lower : double.NaN).ToArray(),
                t.Levels.Select(l => l.Difference.Difference.HasInterval ? 100 * l.Difference.Difference.Upper : double.NaN).ToArray()));
        }
        if (series.Count > 0)
        {
            var allX = series.SelectMany(s => s.X).Distinct().Order().ToArray();
            series.Add(new LineSeries("no difference", allX, new double[allX.Length], Dashed: true));
            if (StudyCharts.Lines(Path.Combine(outDir, "plots", plotName), "Paired differences per level (mean and 95% CI over seeds)",
                    "pruning level", "difference in test accuracy (points)", series))
                md.Append($"![Paired differences per level](plots/{plotName})\n\n");
        }
        foreach (var t in tests.Where(t => t.Levels.Count > 0))
        {
            md.Append($"`{t.Claim.Contrast.Name}` ({t.Claim.Source}{(t.Claim.Source.Length > 0 ? ", " : "")}{Word(t.Verdict)}):\n\n");
            Markdown.Table(md, ["level", "density (%)", "difference (points)", "95% CI", "p", "Holm p", "seeds"],
                t.Levels.Select(l => (IReadOnlyList<string>)[
                    l.Level.ToString(CultureInfo.InvariantCulture) + (l.Direction != 0 ? " *" : ""),
                    PercentFormat.Density(l.Density), Points(l.Difference.Difference.Mean), Interval(l.Difference.Difference),
                    P(l.Difference.P), P(l.AdjustedP), l.Difference.Difference.Count.ToString(CultureInfo.InvariantCulture)]));
            md.Append('\n');
        }
        if (tests.Any(t => t.Levels.Count > 0))
            md.Append("\\* significant after Holm's correction across the claim's levels (family-wise α = 0.05).\n\n");
        return md.ToString();
    }

    /// <summary>A difference of fractions in points with its sign, e.g. 0.0123 → "+1.23".</summary>
    public static string Points(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>The 95% interval in points, e.g. "[+0.40, +2.06]" ("–" without an interval).</summary>
    public static string Interval(Estimate e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.HasInterval ? $"[{Points(e.Lower)}, {Points(e.Upper)}]" : "–";
    }

    /// <summary>Level numbers as ranges, e.g. [1, 2, 3, 5, 7, 8] → "1–3, 5, 7–8".</summary>
    public static string Ranges(IReadOnlyList<int> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var sorted = levels.Distinct().Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}–{sorted[j]}"));
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static PairedLevel Largest(IReadOnlyList<PairedLevel> levels) => levels.OrderByDescending(l => Math.Abs(l.Difference.Difference.Mean)).First();

    private static string Describe(PairedLevel l) =>
        $"at level {l.Level} ({PercentFormat.Density(l.Density)}% density): {Points(l.Difference.Difference.Mean)} points {Interval(l.Difference.Difference)}, Holm p = {P(l.AdjustedP)}";

    private static string Plural(IReadOnlyList<PairedLevel> levels) => levels.Count == 1 ? "" : "s";

    private static string P(double p) =>
        !double.IsFinite(p) ? "–" : p < 0.001 ? "<0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>What a paired test of a claim concluded.</summary>
public enum Verdict
{
    /// <summary>Some level differs significantly in the claim's direction and none against it.</summary>
    Held,

    /// <summary>Some level differs significantly against the claim.</summary>
    NotHeld,

    /// <summary>No level differs significantly (the corrected intervals contain 0), or there is only one seed.</summary>
    Undecided,
}

/// <summary>
/// A linear combination of arms compared seed by seed, Σ wᵢ·armᵢ, written so that positive values are the claim's
/// direction: <c>a − b</c> (<see cref="Between"/>) or a difference of changes (<see cref="OfChanges"/>).
/// </summary>
/// <param name="Name">How reports show it, e.g. <c>imp-lrrmask − imp</c>.</param>
/// <param name="Terms">Arm labels with their weights.</param>
public sealed record Contrast(string Name, IReadOnlyList<ContrastTerm> Terms)
{
    /// <summary><paramref name="a"/> − <paramref name="b"/>: "a beats b".</summary>
    public static Contrast Between(string a, string b) => new($"{a} − {b}", [new(a, 1), new(b, -1)]);

    /// <summary>(<paramref name="a1"/> − <paramref name="a0"/>) − (<paramref name="b1"/> − <paramref name="b0"/>): "a changes less (or gains more) than b", e.g. each arm's drop relative to its own baseline.</summary>
    public static Contrast OfChanges(string a1, string a0, string b1, string b0) =>
        new($"({a1} − {a0}) − ({b1} − {b0})", [new(a1, 1), new(a0, -1), new(b1, -1), new(b0, 1)]);
}

/// <summary>One arm of a <see cref="Contrast"/>.</summary>
/// <param name="Arm">The arm's label.</param>
/// <param name="Weight">Its weight (positive terms form A, negative ones B).</param>
public sealed record ContrastTerm(string Arm, double Weight);

/// <summary>A claim of a paper as a study tests it: where it comes from, what it says, the contrast and the levels it is tested at.</summary>
/// <param name="Source">Where the paper makes it, e.g. "Fig. 3".</param>
/// <param name="Statement">The claim in words, e.g. "IMP on LRR's mask beats IMP".</param>
/// <param name="Contrast">What is compared seed by seed (positive = the claim).</param>
/// <param name="Levels">The levels the claim is about (Holm's family).</param>
public sealed record PairedClaim(string Source, string Statement, Contrast Contrast, IReadOnlyList<int> Levels);

/// <summary>The paired values of one level: per seed, A = Σ of the positive terms and B = Σ of the negative ones.</summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Mean density of the contrast's first arm at the level.</param>
/// <param name="Seeds">The seeds of the pairs, in order.</param>
/// <param name="A">Per seed, the positive part.</param>
/// <param name="B">Per seed, the negative part (same seeds, same order).</param>
public sealed record LevelPairs(int Level, double Density, IReadOnlyList<int> Seeds, IReadOnlyList<double> A, IReadOnlyList<double> B);

/// <summary>One level of a claim: the paired difference, its Holm-adjusted p-value and whether it is significant.</summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Density of the contrast's first arm.</param>
/// <param name="Difference">Mean of A − B over seeds with its paired-t interval and p-value.</param>
/// <param name="AdjustedP">Holm-adjusted p-value across the claim's levels.</param>
/// <param name="Significant">Rejected by Holm's procedure at <see cref="PairedFindings.Alpha"/>.</param>
public sealed record PairedLevel(int Level, double Density, PairedDifference Difference, double AdjustedP, bool Significant)
{
    /// <summary>+1 significantly positive, −1 significantly negative, 0 not significant.</summary>
    public int Direction => !Significant ? 0 : Math.Sign(Difference.Difference.Mean);
}

/// <summary>A tested claim: its levels, the per-seed average over them and the verdict.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Levels">Per level, the paired difference (levels no seed finished are left out).</param>
/// <param name="Average">The per-seed mean of A − B over the levels as one paired estimate, or null.</param>
/// <param name="Verdict">What the levels decided (<see cref="PairedFindings.Decide"/>).</param>
public sealed record ClaimTest(PairedClaim Claim, IReadOnlyList<PairedLevel> Levels, Estimate? Average, Verdict Verdict);
