using Rewind.Reporting;
using static Rewind.Tests.Reporting.ComparisonFixtures;

namespace Rewind.Tests.Reporting;

public sealed class MarkdownReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rewind-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ReportContext Context = new(
        "LeNet-300-100 on MNIST: IMP vs LRR",
        "Iterative magnitude pruning, 20% of the remaining weights per level.",
        new Dictionary<string, string> { ["dataset"] = "MNIST", ["epochs per level"] = "2", ["machine"] = "2-core CPU" });

    [Fact]
    public void Report_starts_with_the_title_and_lists_the_facts_and_strategies()
    {
        string md = MarkdownReport.ComparisonMarkdown(ClearTable(), Context);

        Assert.StartsWith("# LeNet-300-100 on MNIST: IMP vs LRR\n", md, StringComparison.Ordinal);
        Assert.Contains("Iterative magnitude pruning, 20% of the remaining weights per level.", md, StringComparison.Ordinal);
        Assert.Contains("- **dataset**: MNIST\n", md, StringComparison.Ordinal);
        Assert.Contains("- **epochs per level**: 2\n", md, StringComparison.Ordinal);
        Assert.Contains("- **strategies**: imp (3 seeds), lrr (3 seeds)\n", md, StringComparison.Ordinal);
        Assert.Contains("](plots/accuracy-vs-density.png)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_has_one_row_per_level_with_mean_and_interval_in_percent_and_the_best_in_bold()
    {
        string md = MarkdownReport.ComparisonMarkdown(ClearTable(), Context);

        Assert.Contains("| level | density (%) | remaining weights | imp | lrr |\n", md, StringComparison.Ordinal);
        Assert.Contains("| 0 | 100 | 1,000 | 98.00 ± 0.50 | **98.30 ± 0.50** |\n", md, StringComparison.Ordinal);
        Assert.Contains("| 1 | 80 | 800 | **97.50 ± 1.24** | 96.50 ± 1.24 |\n", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | 64 | 640 | 91.00 ± 2.48 | **96.50 ± 1.24** |\n", md, StringComparison.Ordinal);
        // Only lrr reached level 3, and only with two of its three seeds: nothing to beat, so nothing bold.
        Assert.Contains("| 3 | 51.2 | 512 | – | 95.50 ± 6.35 (n=2) |\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void With_one_seed_the_table_shows_no_interval_and_findings_say_the_difference_is_untested()
    {
        var table = ComparisonTable.FromRuns([Imp[0], LrrClearlyBetter[0]]);

        string md = MarkdownReport.ComparisonMarkdown(table, Context);

        Assert.Contains("| 2 | 64 | 640 | 90.00 | **96.00** |\n", md, StringComparison.Ordinal);
        Assert.Contains("With a single seed for lrr and imp there is no confidence interval", md, StringComparison.Ordinal);
        Assert.DoesNotContain("distinguishable", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_call_a_difference_with_separate_intervals_distinguishable()
    {
        string md = MarkdownReport.ComparisonMarkdown(ClearTable(), Context);

        Assert.Contains(
            "At the sparsest level reached by all strategies (level 2: 64% density, 640 weights remaining), " +
            "**lrr** has the highest mean test accuracy, 96.50%, 5.50 points above imp (91.00%). " +
            "Their 95% confidence intervals do not overlap (96.50 ± 1.24% vs 91.00 ± 2.48%), " +
            "so lrr is distinguishably better than imp at this number of seeds (n = 3 each).",
            md, StringComparison.Ordinal);
        Assert.DoesNotContain("not distinguishable", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_call_a_difference_with_overlapping_intervals_not_distinguishable()
    {
        string md = MarkdownReport.ComparisonMarkdown(NoisyTable(), Context);

        Assert.Contains(
            "**lrr** has the highest mean test accuracy, 93.00%, 2.00 points above imp (91.00%). " +
            "Their 95% confidence intervals overlap (93.00 ± 7.45% vs 91.00 ± 2.48%), " +
            "so the two are not distinguishable at this number of seeds (n = 3 each).",
            md, StringComparison.Ordinal);
        Assert.DoesNotContain("distinguishably better", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_report_how_far_each_strategy_stays_within_one_point_of_dense()
    {
        string md = MarkdownReport.ComparisonMarkdown(ClearTable(), Context);

        Assert.Contains(
            "- **imp** stays within 1 point of its dense accuracy (98.00%) down to 80% density (level 1: 97.50%); " +
            "at the sparsest level reached, 64% (level 2), it has 91.00%.\n",
            md, StringComparison.Ordinal);
        Assert.Contains(
            "- **lrr** falls more than 1 point below its dense accuracy (98.30%) already at level 1 (80% density: 96.50%).\n",
            md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverged_strategy_is_named_and_not_ranked()
    {
        var diverged = RunsOf("wr", [[0.98, 0.97, double.NaN]]);

        string md = MarkdownReport.ComparisonMarkdown(ComparisonTable.FromRuns([Imp[0], .. diverged]), Context);

        Assert.Contains("| 2 | 64 | 640 | **90.00** | NaN |\n", md, StringComparison.Ordinal);
        Assert.Contains("only **imp** has a finite test accuracy (90.00%); wr diverged.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategies_at_different_densities_show_the_density_in_each_cell()
    {
        var halving = new RunResult("half", 0, "runs/half", [Level(0, 0.98), Level(1, 0.96) with { Density = 0.5, RemainingWeights = 500 }]);

        string md = MarkdownReport.ComparisonMarkdown(ComparisonTable.FromRuns([Imp[0], halving]), Context);

        Assert.Contains("| 1 | varies | varies | **97.00** @ 80% | 96.00 @ 50% |\n", md, StringComparison.Ordinal);
        Assert.Contains("(level 1: densities differ: imp 80%, half 50%)", md, StringComparison.Ordinal);
        Assert.Contains("compare the curves in the plot", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_name_rows_that_average_fewer_seeds()
    {
        string md = MarkdownReport.ComparisonMarkdown(ClearTable(), Context);

        Assert.Contains("these rows average fewer seeds: lrr level 3 (2 of 3).", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_report_writes_markdown_csv_and_plot()
    {
        MarkdownReport.WriteComparisonReport(_dir, ClearTable(), Context);

        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.Contains("![", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | 64 | 640 | 91.00 ± 2.48 | **96.50 ± 1.24** |", md, StringComparison.Ordinal);
        Assert.StartsWith("strategy,level,", File.ReadAllText(Path.Combine(_dir, "metrics.csv")), StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(_dir, "plots", "accuracy-vs-density.png")).Length > 5_000);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Comparison_report_without_any_level_leaves_the_plot_out()
    {
        var table = ComparisonTable.FromRuns([new RunResult("imp", 0, "runs/imp-s0", [])]);

        MarkdownReport.WriteComparisonReport(_dir, table, Context);

        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.DoesNotContain("![", md, StringComparison.Ordinal);
        Assert.Contains("No level has finished yet", md, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "plots", "accuracy-vs-density.png")));
    }

    [Fact]
    public void Run_report_writes_a_level_table_and_both_plots()
    {
        var levels = Imp[0].Levels;
        var epochs = ChartsTests.ThreeLevelsOfFourEpochs();

        MarkdownReport.WriteRunReport(_dir, "imp seed 0", levels, epochs, Context);

        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.StartsWith("# imp seed 0\n", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | 64 | 640 | 90.00 | 90.10 | 0.1 | 99.00 | 0.05 | 2 | 100 | 10.0 s |\n", md, StringComparison.Ordinal);
        Assert.Contains("Total training time: 30.0 s.", md, StringComparison.Ordinal);
        Assert.Contains("](plots/accuracy-vs-density.png)", md, StringComparison.Ordinal);
        Assert.Contains("](plots/training-curves.png)", md, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(_dir, "plots", "accuracy-vs-density.png")).Length > 5_000);
        Assert.True(new FileInfo(Path.Combine(_dir, "plots", "training-curves.png")).Length > 5_000);
    }
}
