using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Reporting;

namespace Rewind.Runs;

/// <summary>
/// <c>rewind analyze RUN [OTHER]</c>: the sign, mask and BatchNorm analyses of Paper A for runs that already exist (their
/// stored per-level weights and masks suffice): completes each run's records, rewrites its report with the signs
/// sections, and with a second run compares the two level by level.
/// </summary>
public static class Analyze
{
    /// <summary>What <see cref="Runs"/> wrote.</summary>
    /// <param name="ReportPath">The first run's rewritten report.</param>
    /// <param name="History">The first run's sign history.</param>
    /// <param name="ComparisonPath">The comparison's report, when a second run was given.</param>
    public sealed record Outcome(string ReportPath, SignHistory History, string? ComparisonPath);

    /// <summary>
    /// Analyses the run in <paramref name="run"/> (and <paramref name="other"/>, compared with it into
    /// <paramref name="comparisonDir"/>, default <c>RUN/analysis/vs-OTHER</c>).
    /// </summary>
    public static Outcome Runs(string run, string? other = null, string? comparisonDir = null)
    {
        var a = RunStore.Open(run);
        if (a.CompletedLevels().Count == 0)
            throw new RewindUserException($"{a.Root}: no finished level yet, so there is nothing to analyse. Continue the run with `rewind run --resume {run}`.");
        var (_, history) = RunAnalysis.Analyze(a);
        string? comparison = null;
        if (other is not null)
        {
            var b = RunStore.Open(other);
            if (b.Root == a.Root) throw new RewindUserException($"{other}: is the same run as {run}; give a second, different run to compare with.");
            RunAnalysis.Analyze(b);
            comparison = RunComparisonReport.Write(comparisonDir ?? Path.Combine(a.Root, "analysis", "vs-" + Path.GetFileName(b.Root)),
                a, b, SignAnalysis.Compare(a, b));
        }
        return new Outcome(RunReport.Write(a), history, comparison);
    }
}
