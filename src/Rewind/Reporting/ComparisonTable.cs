using System.Text;
using Rewind.Analysis;
using Rewind.Storage;

namespace Rewind.Reporting;

/// <summary>
/// Several strategies × seeds reduced to one row per strategy and level. A level that only some seeds of a
/// strategy reached is aggregated over those seeds, and <see cref="ComparisonRow.Seeds"/> says how many.
/// </summary>
public sealed class ComparisonTable
{
    /// <summary>The long-format CSV header written by <see cref="WriteCsv"/>.</summary>
    public const string CsvHeader =
        "strategy,level,density,remaining_weights,seeds,test_accuracy_mean,test_accuracy_std,test_accuracy_ci95," +
        "best_test_accuracy_mean,train_loss_mean";

    private readonly Dictionary<(string Strategy, int Level), ComparisonRow> _byKey;

    private ComparisonTable(
        IReadOnlyList<string> strategies,
        IReadOnlyDictionary<string, int> seedsPerStrategy,
        IReadOnlyList<ComparisonRow> rows)
    {
        Strategies = strategies;
        SeedsPerStrategy = seedsPerStrategy;
        Rows = rows;
        Levels = rows.Select(r => r.Level).Distinct().Order().ToArray();
        _byKey = rows.ToDictionary(r => (r.Strategy, r.Level));
    }

    /// <summary>Strategies in the order they first appear in the input runs.</summary>
    public IReadOnlyList<string> Strategies { get; }

    /// <summary>Number of runs (seeds) given for each strategy, whatever levels they reached.</summary>
    public IReadOnlyDictionary<string, int> SeedsPerStrategy { get; }

    /// <summary>Every level reached by at least one run, ascending.</summary>
    public IReadOnlyList<int> Levels { get; }

    /// <summary>All rows, ordered by strategy (as in <see cref="Strategies"/>) then level.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The row of <paramref name="strategy"/> at <paramref name="level"/>, or null if no seed reached it.</summary>
    public ComparisonRow? Find(string strategy, int level) =>
        _byKey.TryGetValue((strategy, level), out var row) ? row : null;

    /// <summary>The rows of one strategy, ascending by level.</summary>
    public IReadOnlyList<ComparisonRow> RowsOf(string strategy) =>
        Rows.Where(r => r.Strategy == strategy).ToArray();

    /// <summary>
    /// Aggregates <paramref name="runs"/>. Two runs with the same strategy and seed are a
    /// <see cref="RewindUserException"/> (naming both directories), as is a run listing the same level twice.
    /// </summary>
    public static ComparisonTable FromRuns(IReadOnlyList<RunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var strategies = new List<string>();
        var runsByStrategy = new Dictionary<string, List<RunResult>>();
        foreach (var run in runs)
        {
            if (!runsByStrategy.TryGetValue(run.Strategy, out var list))
            {
                strategies.Add(run.Strategy);
                runsByStrategy[run.Strategy] = list = [];
            }
            var twin = list.FirstOrDefault(r => r.Seed == run.Seed);
            if (twin is not null)
            {
                throw new RewindUserException(
                    $"Runs '{twin.RunStore}' and '{run.RunStore}' are both strategy '{run.Strategy}' with " +
                    $"seed {run.Seed}; a comparison needs each seed once per strategy. Leave one of them out.");
            }
            var duplicateLevel = run.Levels.GroupBy(l => l.Level).FirstOrDefault(g => g.Count() > 1);
            if (duplicateLevel is not null)
            {
                throw new RewindUserException(
                    $"Run '{run.RunStore}' lists level {duplicateLevel.Key} more than once. " +
                    "Its metrics.csv is damaged; delete it to have it regenerated.");
            }
            list.Add(run);
        }

        var rows = new List<ComparisonRow>();
        foreach (string strategy in strategies)
        {
            var levels = runsByStrategy[strategy]
                .SelectMany(r => r.Levels)
                .GroupBy(l => l.Level)
                .OrderBy(g => g.Key);
            foreach (var g in levels)
            {
                var seeds = g.ToArray();
                rows.Add(new ComparisonRow(
                    strategy,
                    g.Key,
                    Statistics.Mean(seeds.Select(l => l.Density).ToArray()),
                    (long)Math.Round(Statistics.Mean(seeds.Select(l => (double)l.RemainingWeights).ToArray())),
                    Statistics.ConfidenceInterval95(seeds.Select(l => l.TestAccuracy).ToArray()),
                    Statistics.Mean(seeds.Select(l => l.BestTestAccuracy).ToArray()),
                    Statistics.Mean(seeds.Select(l => l.TrainLoss).ToArray())));
            }
        }

        var seedsPerStrategy = strategies.ToDictionary(s => s, s => runsByStrategy[s].Count);
        return new ComparisonTable(strategies, seedsPerStrategy, rows);
    }

    /// <summary>
    /// Atomically writes the rows in long format (<see cref="CsvHeader"/>), fractions as fractions, doubles in
    /// round-trip format, invariant culture. Strategy names containing a comma or quote are quoted.
    /// </summary>
    public void WriteCsv(string path)
    {
        var text = new StringBuilder();
        text.Append(CsvHeader).Append('\n');
        foreach (var r in Rows)
        {
            text.Append(Quote(r.Strategy)).Append(',')
                .Append(Csv.Int(r.Level)).Append(',')
                .Append(Csv.Double(r.Density)).Append(',')
                .Append(Csv.Long(r.RemainingWeights)).Append(',')
                .Append(Csv.Int(r.Seeds)).Append(',')
                .Append(Csv.Double(r.TestAccuracy.Mean)).Append(',')
                .Append(Csv.Double(r.TestAccuracy.Std)).Append(',')
                .Append(Csv.Double(r.TestAccuracy.HalfWidth)).Append(',')
                .Append(Csv.Double(r.BestTestAccuracyMean)).Append(',')
                .Append(Csv.Double(r.TrainLossMean)).Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
