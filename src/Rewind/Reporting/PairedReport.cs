using System.Globalization;
using System.Text;
using Rewind.Analysis;

namespace Rewind.Reporting;

/// <summary>
/// The paired comparisons of a study's arms (issue "evidence that decides"): arms share seeds (same θ(0), same data order),
/// so each pair is compared by the seed-wise differences — per pruned level the mean difference with its paired-t 95%
/// interval and a Holm-corrected verdict across levels, and the mean difference over the levels with its interval — and
/// the seeds a decision at a stated difference would need. Per-arm intervals stay in the plots.
/// </summary>
public static class PairedReport
{
    /// <summary>One arm pair compared level by level (differences in percentage points, a − b).</summary>
    /// <param name="A">First arm.</param>
    /// <param name="B">Second arm.</param>
    /// <param name="Levels">Per pruned level both arms reached with at least one common seed.</param>
    /// <param name="OverLevels">Mean over the levels of the seed-wise differences, with its 95% interval over seeds.</param>
    /// <param name="SdOfDifferences">Median over the levels of the standard deviation of the seed-wise differences.</param>
    /// <param name="SeedsNeeded">Seeds needed to detect <see cref="DeltaPoints"/> at 80% power (two-sided 5%), from that σ.</param>
    /// <param name="DeltaPoints">The difference the seed estimate is for.</param>
    public sealed record Pair(string A, string B, IReadOnlyList<Level> Levels, Estimate OverLevels, double SdOfDifferences, int SeedsNeeded, double DeltaPoints)
    {
        /// <summary>Levels where A is better after Holm's correction.</summary>
        public IReadOnlyList<int> ABetter => Levels.Where(l => l.Rejected && l.Difference.Difference.Mean > 0).Select(l => l.Number).ToArray();

        /// <summary>Levels where B is better after Holm's correction.</summary>
        public IReadOnlyList<int> BBetter => Levels.Where(l => l.Rejected && l.Difference.Difference.Mean < 0).Select(l => l.Number).ToArray();

        /// <summary>"a", "b", "mixed" or "undecided": which arm the corrected per-level tests favour.</summary>
        public string Verdict => (ABetter.Count > 0, BBetter.Count > 0) switch
        {
            (true, false) => "a",
            (false, true) => "b",
            (true, true) => "mixed",
            _ => "undecided",
        };
    }

    /// <summary>One level of a pair.</summary>
    /// <param name="Number">The level.</param>
    /// <param name="Density">Mean density of the level.</param>
    /// <param name="Difference">a − b in points over the common seeds.</param>
    /// <param name="Rejected">True when Holm's correction across the pair's levels keeps the difference.</param>
    /// <param name="AdjustedP">Holm-adjusted p-value.</param>
    public sealed record Level(int Number, double Density, PairedDifference Difference, bool Rejected, double AdjustedP);

    /// <summary>Every pair of <paramref name="pairs"/> (default: all pairs in arm order) compared on <paramref name="metric"/> (a fraction).</summary>
    public static IReadOnlyList<Pair> Compare(StudyResults results, Func<LevelSummary, double> metric, double deltaPoints = 0.2,
        IReadOnlyList<(string A, string B)>? pairs = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(metric);
        pairs ??= results.Arms.SelectMany((a, i) => results.Arms.Skip(i + 1).Select(b => (a, b))).ToArray();
        var list = new List<Pair>();
        foreach (var (a, b) in pairs)
        {
            var seeds = results.Runs.Where(r => r.Arm == a).Select(r => r.Seed).Intersect(results.Runs.Where(r => r.Arm == b).Select(r => r.Seed)).Order().ToArray();
            double? Value(string arm, int seed, int level) =>
                results.Runs.FirstOrDefault(r => r.Arm == arm && r.Seed == seed)?.Levels.FirstOrDefault(l => l.Level == level) is { } s ? metric(s) * 100 : null;
            var levels = new List<(int Level, double Density, PairedDifference Diff)>();
            var perSeed = seeds.ToDictionary(s => s, _ => new List<double>());
            foreach (int level in results.Levels.Where(l => l > 0))
            {
                var common = seeds.Where(s => Value(a, s, level) is not null && Value(b, s, level) is not null).ToArray();
                if (common.Length == 0) continue;
                var va = common.Select(s => Value(a, s, level)!.Value).ToArray();
                var vb = common.Select(s => Value(b, s, level)!.Value).ToArray();
                levels.Add((level, results.DensityOf(level), PairedComparison.Of(va, vb)));
                foreach (var s in common) perSeed[s].Add(Value(a, s, level)!.Value - Value(b, s, level)!.Value);
            }
            var holm = PairedComparison.Holm(levels.Select(l => l.Diff.P).ToArray());
            var means = perSeed.Values.Where(v => v.Count > 0).Select(v => v.Average()).Where(double.IsFinite).ToArray();
            var over = means.Length == 0 ? new Estimate(double.NaN, double.NaN, double.NaN, 0) : Statistics.ConfidenceInterval95(means);
            var sds = levels.Where(l => l.Diff.Difference.Count > 1 && double.IsFinite(l.Diff.Difference.Std)).Select(l => l.Diff.Difference.Std).Order().ToArray();
            double sd = sds.Length == 0 ? double.NaN : sds[sds.Length / 2];
            int needed = double.IsFinite(sd) ? SeedPlanning.SeedsNeeded(sd, deltaPoints, cap: 1000) : 0;
            list.Add(new Pair(a, b, levels.Select((l, i) => new Level(l.Level, l.Density, l.Diff, holm[i].Rejected, holm[i].Adjusted)).ToArray(),
                over, sd, needed, deltaPoints));
        }
        return list;
    }

    /// <summary>"## Paired differences": the summary of every pair, each pair's levels in a collapsible table, and the seed estimate.</summary>
    public static string Section(IReadOnlyList<Pair> pairs, string metricName, int seeds)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) return "";
        var md = new StringBuilder("## Paired differences\n\n");
        md.Append("The arms share seeds (same initialisation, same data order), so each pair is compared by its seed-wise differences a − b of ")
          .Append(metricName).Append(" in percentage points: per pruned level the mean difference with its paired-t 95% interval, a verdict ")
          .Append("across the levels with Holm's correction (family-wise 5%), and the mean over the levels with its interval over seeds. ");
        if (seeds < 2) md.Append("**One seed: there is no interval and nothing is decided; run `--seeds 3` or more.** ");
        md.Append("\n\n");
        Markdown.Table(md, ["a vs b", "a better at levels", "b better at levels", "mean a − b over levels (points)", "σ of differences", $"seeds for {F(pairs[0].DeltaPoints)} points"],
            pairs.Select(p => (IReadOnlyList<string>)[
                $"{p.A} vs {p.B}", p.ABetter.Count == 0 ? "–" : string.Join(", ", p.ABetter), p.BBetter.Count == 0 ? "–" : string.Join(", ", p.BBetter),
                Interval(p.OverLevels), double.IsFinite(p.SdOfDifferences) ? F(p.SdOfDifferences) : "–", p.SeedsNeeded == 0 ? "–" : p.SeedsNeeded.ToString(CultureInfo.InvariantCulture)]));
        md.Append('\n');
        md.Append(Findings(pairs, seeds));
        foreach (var p in pairs)
        {
            md.Append("<details><summary>").Append(p.A).Append(" vs ").Append(p.B).Append(" per level</summary>\n\n");
            Markdown.Table(md, ["level", "density (%)", "seeds", "a − b (points)", "95% interval", "Holm p", "decided"],
                p.Levels.Select(l => (IReadOnlyList<string>)[
                    l.Number.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(l.Density), l.Difference.Difference.Count.ToString(CultureInfo.InvariantCulture),
                    F(l.Difference.Difference.Mean),
                    l.Difference.Difference.HasInterval ? $"[{F(l.Difference.Difference.Lower)}, {F(l.Difference.Difference.Upper)}]" : "–",
                    double.IsFinite(l.AdjustedP) ? l.AdjustedP.ToString("0.####", CultureInfo.InvariantCulture) : "–",
                    l.Rejected ? (l.Difference.Difference.Mean > 0 ? "a better" : "b better") : "no"]));
            md.Append("\n</details>\n\n");
        }
        return md.ToString();
    }

    /// <summary>The findings sentences of the pairs: which arm is better where, and where nothing is decided.</summary>
    public static string Findings(IReadOnlyList<Pair> pairs, int seeds)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var md = new StringBuilder("Findings (paired, computed from the table):\n\n");
        foreach (var p in pairs)
        {
            md.Append("- **").Append(p.A).Append(" vs ").Append(p.B).Append("**: ");
            md.Append(p.Verdict switch
            {
                "a" => $"{p.A} is better at level(s) {string.Join(", ", p.ABetter)} and nowhere worse",
                "b" => $"{p.B} is better at level(s) {string.Join(", ", p.BBetter)} and nowhere worse",
                "mixed" => $"{p.A} is better at level(s) {string.Join(", ", p.ABetter)}, {p.B} at level(s) {string.Join(", ", p.BBetter)}",
                _ => "no level decided",
            });
            md.Append("; over the levels ").Append(p.A).Append(" − ").Append(p.B).Append(" = ").Append(Interval(p.OverLevels)).Append(" points");
            if (p.OverLevels.HasInterval && (p.OverLevels.Lower > 0 || p.OverLevels.Upper < 0)) md.Append(" (the interval excludes 0)");
            if (p.Verdict == "undecided" && p.SeedsNeeded > seeds)
                md.Append(string.Create(CultureInfo.InvariantCulture, $"; {p.SeedsNeeded} seeds would detect {F(p.DeltaPoints)} points at 80% power"));
            md.Append(".\n");
        }
        return md.Append('\n').ToString();
    }

    private static string Interval(Estimate e) =>
        !double.IsFinite(e.Mean) ? "–" : e.HasInterval ? $"{F(e.Mean)} [{F(e.Lower)}, {F(e.Upper)}]" : F(e.Mean);

    private static string F(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
