using Rewind.Analysis;
using Rewind.Reporting;
using static Rewind.Tests.Reporting.ComparisonFixtures;

namespace Rewind.Tests.Reporting;

public sealed class ComparisonTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rewind-comparison-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Strategies_keep_input_order_and_count_their_seeds()
    {
        var table = ComparisonTable.FromRuns([.. LrrClearlyBetter, .. Imp]);

        Assert.Equal(["lrr", "imp"], table.Strategies);
        Assert.Equal(3, table.SeedsPerStrategy["lrr"]);
        Assert.Equal(3, table.SeedsPerStrategy["imp"]);
        Assert.Equal([0, 1, 2, 3], table.Levels);
        Assert.Equal(7, table.Rows.Count);
    }

    [Fact]
    public void Each_level_aggregates_test_accuracy_over_the_seeds()
    {
        var row = ClearTable().Find("imp", 2)!;

        Assert.Equal(0.64, row.Density);
        Assert.Equal(640, row.RemainingWeights);
        Assert.Equal(3, row.Seeds);
        Assert.Equal(0.91, row.TestAccuracy.Mean, 12);
        Assert.Equal(0.01, row.TestAccuracy.Std, 12);
        Assert.Equal(0.024841377117503335, row.TestAccuracy.HalfWidth, 12); // t(2) = 4.3027 · 0.01 / √3
        Assert.Equal(0.911, row.BestTestAccuracyMean, 12);
        Assert.Equal(0.05, row.TrainLossMean, 12);
    }

    [Fact]
    public void A_level_missing_in_some_seeds_aggregates_the_seeds_that_reached_it()
    {
        var table = ClearTable();

        var partial = table.Find("lrr", 3)!;

        Assert.Equal(2, partial.Seeds);
        Assert.Equal(Statistics.ConfidenceInterval95([0.95, 0.96]), partial.TestAccuracy);
        Assert.Null(table.Find("imp", 3));
        Assert.Equal(3, table.Find("lrr", 2)!.Seeds);
    }

    [Fact]
    public void The_same_strategy_and_seed_twice_is_a_user_error_naming_both_runs()
    {
        var twin = Imp[1] with { RunStore = "runs/imp-s1-again" };

        var e = Assert.Throws<RewindUserException>(() => ComparisonTable.FromRuns([.. Imp, twin]));

        Assert.Contains("runs/imp-s1", e.Message, StringComparison.Ordinal);
        Assert.Contains("runs/imp-s1-again", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_csv_is_long_format_with_one_line_per_strategy_and_level()
    {
        string path = Path.Combine(_dir, "metrics.csv");

        ClearTable().WriteCsv(path);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(
            "strategy,level,density,remaining_weights,seeds,test_accuracy_mean,test_accuracy_std,test_accuracy_ci95,best_test_accuracy_mean,train_loss_mean",
            lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("imp,0,1,1000,3,0.98", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("lrr,3,0.512,512,2,0.955", lines[^1], StringComparison.Ordinal);
    }
}
