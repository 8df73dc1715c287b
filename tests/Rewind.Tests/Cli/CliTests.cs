using Rewind.Cli;

namespace Rewind.Tests.Cli;

/// <summary>End-to-end runs of the CLI in-process on generated data.</summary>
[Collection("cli")]
public class CliTests
{
    private const string SmallSpec = """
        name: cli-test
        seed: 0
        threads: 1
        data: { name: synthetic }
        model: { name: fc-32x2 }
        training: { duration: 2ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05 }
        pruning: { strategy: lrr, levels: 2 }
        """;

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Run_on_synthetic_data_writes_metrics_csv_report_and_plots()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], SmallSpec);
        var (code, output, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Assert.True(code == 0, err);
        Assert.Contains("report.md", output);
        var csv = File.ReadAllLines(tmp["run/metrics.csv"]);
        var header = csv[0].Split(',');
        foreach (var col in new[] { "level", "density", "remaining_weights", "test_accuracy", "test_loss", "train_loss", "seconds" })
            Assert.Contains(col, header);
        Assert.Equal(4, csv.Length);
        var density = csv.Skip(1).Select(l => double.Parse(l.Split(',')[Array.IndexOf(header, "density")], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1.0, density[0]);
        Assert.Equal(0.8, density[1], 2);
        Assert.Equal(0.64, density[2], 2);
        Assert.True(File.Exists(tmp["run/report.md"]));
        Assert.NotEmpty(Directory.GetFiles(tmp["run/plots"], "*.png"));
        Assert.True(File.Exists(tmp["run/spec.yaml"]));
    }

    [Fact]
    public void A_typo_in_a_spec_key_exits_2_naming_the_key_and_the_fix_without_a_stack_trace()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], SmallSpec.Replace("lr: 0.05", "lrr: 0.05"));
        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Assert.Equal(2, code);
        Assert.Contains("optimizer.lrr", err);
        Assert.Contains("optimizer.lr", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_missing_spec_file_exits_2()
    {
        var (code, _, err) = Cli("run", "/nonexistent/spec.yaml", "--out", "/tmp/x");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/spec.yaml", err);
    }

    [Fact]
    public void Writing_into_a_run_of_a_different_spec_is_refused_naming_the_difference()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], SmallSpec.Replace("levels: 2", "levels: 0"));
        Assert.Equal(0, Cli("run", tmp["spec.yaml"], "--out", tmp["run"]).Code);
        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"], "--set", "optimizer.lr=0.01");
        Assert.Equal(2, code);
        Assert.Contains("optimizer.lr", err);
    }

    [Fact]
    public void Compare_trains_level_zero_once_per_seed_and_reports_every_strategy()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], SmallSpec);
        var (code, _, err) = Cli("compare", tmp["spec.yaml"], "--strategies", "imp,lrr", "--seeds", "2", "--out", tmp["cmp"]);
        Assert.True(code == 0, err);
        var report = File.ReadAllText(tmp["cmp/report.md"]);
        Assert.Contains("imp", report);
        Assert.Contains("lrr", report);
        Assert.True(File.Exists(tmp["cmp/plots/accuracy-vs-density.png"]));
        // Level 0 of each strategy run is the shared dense run's, byte for byte.
        foreach (var s in new[] { "imp", "lrr" })
            Assert.Equal(File.ReadAllText(tmp["cmp/runs/dense-s1/levels/00/summary.json"]),
                         File.ReadAllText(tmp[$"cmp/runs/{s}-s1/levels/00/summary.json"]));
        var csv = File.ReadAllLines(tmp["cmp/metrics.csv"]);
        Assert.Equal(1 + 2 * 3, csv.Length);
    }

    [Fact]
    public void Models_lists_lenet_with_its_parameter_count()
    {
        var (code, output, _) = Cli("models");
        Assert.Equal(0, code);
        Assert.Contains("lenet-300-100", output);
        Assert.Contains("266,610", output);
    }

    [Fact]
    public void Unknown_command_is_a_user_error()
    {
        Assert.Equal(2, Cli("frobnicate").Code);
    }
}
