using System.Globalization;
using System.Text.RegularExpressions;
using Rewind.Analysis;
using Rewind.Pruning;

namespace Rewind.Reporting;

/// <summary>
/// The finished levels of a study's runs (<c>runs/&lt;arm&gt;-s&lt;seed&gt;/</c>), grouped by arm and seed, with the
/// per-level aggregates every study report is made of: the summaries of an arm at a level, their mean with the 95%
/// interval over seeds, the mean density of a level. Read from the run stores alone, so a report can be rebuilt at any time.
/// </summary>
public sealed partial class StudyResults
{
    private StudyResults(string outDir, IReadOnlyList<string> arms, IReadOnlyList<StudyRun> runs)
    {
        OutDir = outDir;
        Arms = arms;
        Runs = runs;
    }

    /// <summary>One run of the study that finished at least one level.</summary>
    /// <param name="Arm">The run's label.</param>
    /// <param name="Seed">Its seed.</param>
    /// <param name="Store">Its run directory.</param>
    /// <param name="Levels">Its finished levels' summaries, level 0 first.</param>
    public sealed record StudyRun(string Arm, int Seed, RunStore Store, IReadOnlyList<LevelSummary> Levels);

    /// <summary>The study folder.</summary>
    public string OutDir { get; }

    /// <summary>Arm labels in report order (those with at least one finished level).</summary>
    public IReadOnlyList<string> Arms { get; }

    /// <summary>Every run with a finished level, ordered by arm then seed.</summary>
    public IReadOnlyList<StudyRun> Runs { get; }

    /// <summary>The run directory of arm <paramref name="label"/> and <paramref name="seed"/> in a study folder.</summary>
    public static string RunDirectory(string outDir, string label, int seed) =>
        Path.Combine(outDir, "runs", $"{label}-s{seed.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Reads the runs of <paramref name="outDir"/><c>/runs</c> whose arm is in <paramref name="order"/>, ordered by it, then by seed.</summary>
    public static StudyResults Read(string outDir, IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var runs = new List<StudyRun>();
        var runsDir = Path.Combine(outDir, "runs");
        if (Directory.Exists(runsDir))
        {
            foreach (var d in Directory.GetDirectories(runsDir))
            {
                var m = RunName().Match(Path.GetFileName(d));
                if (!m.Success || !order.Contains(m.Groups[1].Value) || !RunStore.Exists(d)) continue;
                var store = RunStore.Open(d);
                var levels = store.CompletedLevels();
                if (levels.Count > 0) runs.Add(new StudyRun(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), store, levels));
            }
        }
        runs = runs.OrderBy(r => IndexOf(order, r.Arm)).ThenBy(r => r.Seed).ToList();
        return new StudyResults(outDir, order.Where(a => runs.Any(r => r.Arm == a)).ToArray(), runs);
    }

    /// <summary>Levels reached by any run, ascending.</summary>
    public IReadOnlyList<int> Levels => Runs.SelectMany(r => r.Levels.Select(l => l.Level)).Distinct().Order().ToArray();

    /// <summary>Seeds of any run, ascending.</summary>
    public IReadOnlyList<int> Seeds => Runs.Select(r => r.Seed).Distinct().Order().ToArray();

    /// <summary>The summaries of <paramref name="arm"/> at <paramref name="level"/> over the seeds that reached it.</summary>
    public IReadOnlyList<LevelSummary> At(string arm, int level) =>
        Runs.Where(r => r.Arm == arm).SelectMany(r => r.Levels.Where(l => l.Level == level)).ToArray();

    /// <summary>Mean, std and 95% interval over seeds of a level metric (finite values only; null if none).</summary>
    public Estimate? Estimate(string arm, int level, Func<LevelSummary, double> metric)
    {
        var values = At(arm, level).Select(metric).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? null : Statistics.ConfidenceInterval95(values);
    }

    /// <summary>Mean over <paramref name="levels"/> of the per-level mean of <paramref name="metric"/> (NaN if a level is missing).</summary>
    public double MeanOver(string arm, IReadOnlyList<int> levels, Func<LevelSummary, double> metric)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var means = levels.Select(l => Estimate(arm, l, metric)?.Mean ?? double.NaN).ToArray();
        return means.Length == 0 || means.Any(double.IsNaN) ? double.NaN : means.Average();
    }

    /// <summary>True when any run held out a validation set (so early-stop accuracies exist).</summary>
    public bool HasValidation => Runs.Any(r => r.Levels.Any(l => double.IsFinite(l.EarlyStopTestAccuracy)));

    /// <summary>Mean density of a level over every run that reached it.</summary>
    public double DensityOf(int level) =>
        Runs.SelectMany(r => r.Levels.Where(l => l.Level == level)).Select(l => l.Density).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The runs as the rows of a <see cref="ComparisonTable"/>.</summary>
    public ComparisonTable ToComparisonTable() =>
        ComparisonTable.FromRuns(Runs.Select(r => new RunResult(r.Arm, r.Seed, r.Store.Root, r.Levels)).ToArray());

    private static int IndexOf(IReadOnlyList<string> order, string label)
    {
        for (int i = 0; i < order.Count; i++) if (order[i] == label) return i;
        return int.MaxValue;
    }

    [GeneratedRegex(@"^(.+)-s(\d+)$")]
    private static partial Regex RunName();
}
