using System.Text;

namespace Rewind.Reporting;

/// <summary>
/// The "Findings" of a report, computed from a <see cref="ComparisonTable"/>: Markdown bullet texts (without the
/// leading "- "). Nothing here is a fixed claim; every sentence is derived from the rows.
/// </summary>
internal static class ComparisonFindings
{
    /// <summary>How far (fraction, i.e. 0.01 = 1 point) below its dense accuracy a level may be and still "match".</summary>
    public const double MatchingTolerance = 0.01;

    private static readonly string Tolerance =
        (MatchingTolerance * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " point";

    /// <summary>Densities of different strategies closer than this (relative) count as the same density.</summary>
    private const double DensityTolerance = 1e-3;

    public static IReadOnlyList<string> Describe(ComparisonTable table)
    {
        var findings = new List<string>();
        if (table.Rows.Count == 0)
        {
            findings.Add("No level has finished yet, so there is nothing to report.");
            return findings;
        }
        if (table.Strategies.Count >= 2)
            findings.Add(SparsestCommonLevel(table));
        foreach (string strategy in table.Strategies)
        {
            string? matching = Matching(table, strategy);
            if (matching is not null)
                findings.Add(matching);
        }
        string? missing = MissingSeeds(table);
        if (missing is not null)
            findings.Add(missing);
        return findings;
    }

    /// <summary>True when all rows sit at the same density (within a relative 0.1%).</summary>
    public static bool DensitiesAgree(IReadOnlyCollection<ComparisonRow> rows)
    {
        if (rows.Count == 0)
            return true;
        double max = rows.Max(r => r.Density), min = rows.Min(r => r.Density);
        return max - min <= DensityTolerance * Math.Abs(max);
    }

    /// <summary>"91.23 ± 0.45%" (or "91.23%" without an interval).</summary>
    public static string AccuracyWithInterval(ComparisonRow row) =>
        PercentFormat.TwoDecimals(row.TestAccuracy.Mean)
        + (row.TestAccuracy.HasInterval ? " ± " + PercentFormat.TwoDecimals(row.TestAccuracy.HalfWidth) : "")
        + "%";

    private static string Acc(ComparisonRow row) => PercentFormat.TwoDecimals(row.TestAccuracy.Mean) + "%";

    private static string Name(string strategy) => "**" + strategy + "**";

    private static string SparsestCommonLevel(ComparisonTable table)
    {
        var common = table.Levels.Where(l => table.Strategies.All(s => table.Find(s, l) is not null)).ToArray();
        if (common.Length == 0)
            return "No level was reached by every strategy, so there is no like-for-like comparison.";

        int level = common.Max();
        var rows = table.Strategies.Select(s => table.Find(s, level)!).ToArray();
        string where = DensitiesAgree(rows)
            ? $"{PercentFormat.Density(rows[0].Density)}% density, {Markdown.Count(rows[0].RemainingWeights)} weights remaining"
            : "densities differ: " + string.Join(", ", rows.Select(r => $"{r.Strategy} {PercentFormat.Density(r.Density)}%"));
        var text = new StringBuilder($"At the sparsest level reached by all strategies (level {level}: {where}), ");

        var ranked = rows.Where(r => double.IsFinite(r.TestAccuracy.Mean)).OrderByDescending(r => r.TestAccuracy.Mean).ToArray();
        var diverged = rows.Where(r => !double.IsFinite(r.TestAccuracy.Mean)).Select(r => r.Strategy).ToArray();
        if (ranked.Length == 0)
            return text.Append("no strategy has a finite test accuracy (all diverged).").ToString();
        if (ranked.Length == 1)
        {
            return text.Append($"only {Name(ranked[0].Strategy)} has a finite test accuracy ({Acc(ranked[0])}); ")
                .Append(string.Join(", ", diverged)).Append(" diverged.").ToString();
        }

        var (best, second) = (ranked[0], ranked[1]);
        double gapPoints = (best.TestAccuracy.Mean - second.TestAccuracy.Mean) * 100;
        if (gapPoints == 0)
            text.Append($"{Name(best.Strategy)} and {Name(second.Strategy)} tie at {Acc(best)}.");
        else
        {
            text.Append($"{Name(best.Strategy)} has the highest mean test accuracy, {Acc(best)}, ")
                .Append($"{PercentFormat.TwoDecimals(gapPoints / 100)} points above {second.Strategy} ({Acc(second)}).");
        }
        if (ranked.Length > 2)
            text.Append(" Ranking: ").Append(string.Join(", ", ranked.Select(r => $"{r.Strategy} {Acc(r)}"))).Append('.');
        if (diverged.Length > 0)
            text.Append(' ').Append(string.Join(", ", diverged)).Append(" diverged (NaN accuracy).");

        var single = new[] { best, second }.Where(r => !r.TestAccuracy.HasInterval).Select(r => r.Strategy).ToArray();
        string seeds = best.Seeds == second.Seeds ? $"n = {best.Seeds} each" : $"n = {best.Seeds} and {second.Seeds}";
        string intervals = $"{AccuracyWithInterval(best)} vs {AccuracyWithInterval(second)}";
        if (single.Length > 0)
        {
            text.Append($" With a single seed for {string.Join(" and ", single)} there is no confidence interval, ")
                .Append("so whether this difference is real is not tested.");
        }
        else if (best.TestAccuracy.Overlaps(second.TestAccuracy))
        {
            text.Append($" Their 95% confidence intervals overlap ({intervals}), so the two are ")
                .Append($"not distinguishable at this number of seeds ({seeds}).");
        }
        else
        {
            text.Append($" Their 95% confidence intervals do not overlap ({intervals}), so {best.Strategy} is ")
                .Append($"distinguishably better than {second.Strategy} at this number of seeds ({seeds}).");
        }
        if (!DensitiesAgree(rows))
            text.Append(" The strategies prune at different rates, so compare the curves in the plot rather than this level.");
        return text.ToString();
    }

    private static string? Matching(ComparisonTable table, string strategy)
    {
        var rows = table.RowsOf(strategy);
        if (rows.Count < 2 || rows[0].Level != 0 || !double.IsFinite(rows[0].TestAccuracy.Mean))
            return null;

        var dense = rows[0];
        double threshold = dense.TestAccuracy.Mean - MatchingTolerance;
        var lastMatching = dense;
        for (int i = 1; i < rows.Count; i++)
        {
            bool contiguous = rows[i].Level == rows[i - 1].Level + 1;
            if (!contiguous || !(rows[i].TestAccuracy.Mean >= threshold))
                break;
            lastMatching = rows[i];
        }

        var sparsest = rows[^1];
        string head = $"{Name(strategy)} stays within {Tolerance} of its dense accuracy ({Acc(dense)})";
        if (ReferenceEquals(lastMatching, dense))
        {
            var next = rows[1];
            return $"{Name(strategy)} falls more than {Tolerance} below its dense accuracy " +
                   $"({Acc(dense)}) already at level {next.Level} ({PercentFormat.Density(next.Density)}% density: {Acc(next)}).";
        }
        if (ReferenceEquals(lastMatching, sparsest))
        {
            return $"{head} at every level reached, down to {PercentFormat.Density(sparsest.Density)}% density " +
                   $"(level {sparsest.Level}: {Acc(sparsest)}).";
        }
        return $"{head} down to {PercentFormat.Density(lastMatching.Density)}% density (level {lastMatching.Level}: " +
               $"{Acc(lastMatching)}); at the sparsest level reached, {PercentFormat.Density(sparsest.Density)}% " +
               $"(level {sparsest.Level}), it has {Acc(sparsest)}.";
    }

    private static string? MissingSeeds(ComparisonTable table)
    {
        var partial = table.Rows.Where(r => r.Seeds < table.SeedsPerStrategy[r.Strategy]).ToArray();
        if (partial.Length == 0)
            return null;
        return "Not every seed reached every level; these rows average fewer seeds: " +
               string.Join(", ", partial.Select(r => $"{r.Strategy} level {r.Level} ({r.Seeds} of {table.SeedsPerStrategy[r.Strategy]})")) +
               ".";
    }
}
