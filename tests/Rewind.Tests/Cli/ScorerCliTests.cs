using Rewind.Cli;
using Rewind.Sparsity;

namespace Rewind.Tests.Cli;

/// <summary>Issue #5's definition of done: a 1-level run with each scorer succeeds from the CLI.</summary>
[Collection("cli")]
public class ScorerCliTests
{
    private const string Spec = """
        name: scorer-cli
        seed: 0
        threads: 1
        data: { name: synthetic, train_subset: 512, test_subset: 128 }
        model: { name: fc-16x2 }
        training: { duration: 4it, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05 }
        pruning: { strategy: lrr, levels: 1, rate: 0.5 }
        """;

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        return (CliApp.Run(args, o, e), o.ToString(), e.ToString());
    }

    public static TheoryData<string> Names() => new(ScorerCatalog.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_one_level_run_succeeds_with_every_scorer(string scorer)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Spec);
        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"], "--set", $"pruning.scorer={scorer}");
        Assert.True(code == 0, err);
        var layers = File.ReadAllLines(tmp["run/levels/01/layers.csv"]);
        Assert.Equal(4, layers.Length);
        Assert.Contains("## Per-layer density", File.ReadAllText(tmp["run/report.md"]));
        Assert.True(File.Exists(tmp["run/plots/layer-density.png"]));
        Assert.Contains($"scorer: {scorer}", File.ReadAllText(tmp["run/spec.yaml"]));
    }

    [Fact]
    public void An_unknown_scorer_exits_2_listing_the_valid_names()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Spec);
        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"], "--set", "pruning.scorer=snipp");
        Assert.Equal(2, code);
        Assert.Contains("snip", err);
        Assert.Contains("random-erk", err);
    }

    [Fact]
    public void Prune_writes_a_mask_and_prints_the_per_layer_table()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Spec.Replace("levels: 1", "levels: 0"));
        Assert.Equal(0, Cli("run", tmp["spec.yaml"], "--out", tmp["run"]).Code);
        var (code, output, err) = Cli("prune", tmp["run/levels/00/final.safetensors"], "--scorer", "synflow", "--density", "0.2", "--out", tmp["pruned"]);
        Assert.True(code == 0, err);
        Assert.Contains("fc1.weight", output);
        Assert.Contains("total", output);
        Assert.True(File.Exists(tmp["pruned/mask.safetensors"]));
        Assert.True(File.Exists(tmp["pruned/layers.csv"]));
        var (bad, _, badErr) = Cli("prune", tmp["run/levels/00/final.safetensors"], "--density", "1.5", "--out", tmp["pruned2"]);
        Assert.Equal(2, bad);
        Assert.Contains("--density", badErr);
    }
}
