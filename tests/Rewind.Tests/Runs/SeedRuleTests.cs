using Rewind.Cli;
using Rewind.Core;
using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary><c>--seeds N</c> and <c>--seeds auto:POINTS[:CAP]</c>.</summary>
[Collection("cli")]
public sealed class SeedRuleTests
{
    [Fact]
    public void Parses_counts_and_auto_rules_and_names_both_forms_on_a_mistake()
    {
        Assert.Equal((4, (SeedRule?)null), SeedRule.Parse("4"));
        Assert.Equal((3, new SeedRule(0.2, 3, SeedRule.DefaultCap)), SeedRule.Parse("auto:0.2"));
        Assert.Equal((2, new SeedRule(0.5, 2, 2)), SeedRule.Parse("auto:0.5:2"));
        foreach (var bad in new[] { "0", "auto", "auto:-1", "auto:x", "auto:0.2:1", "many", "auto:0.2:3:4" })
        {
            var e = Assert.Throws<RewindUserException>(() => SeedRule.Parse(bad));
            Assert.Contains("--seeds", e.Message);
        }
    }

    [Fact]
    public void Auto_seeds_grow_the_study_to_the_cap_when_the_spread_needs_more_and_a_rerun_keeps_them()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], """
            name: auto
            data: { name: synthetic, train_subset: 128, test_subset: 64 }
            model: { name: fc-16x1 }
            training: { duration: 1ep, batch_size: 64 }
            pruning: { levels: 1 }
            threads: 1
            """);
        string[] args = ["compare", tmp["spec.yaml"], "--strategies", "imp,lrr", "--seeds", "auto:0.001:4", "--out", tmp["study"]];
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.True(CliApp.Run(args, o, e) == 0, e.ToString());
        Assert.Contains("would need", o.ToString());
        foreach (int seed in new[] { 0, 1, 2, 3 }) Assert.True(Directory.Exists(tmp[$"study/runs/lrr-s{seed}"]), $"seed {seed}");
        Assert.False(Directory.Exists(tmp["study/runs/lrr-s4"]));
        Assert.Contains("3", File.ReadAllText(tmp["study/seeds.json"]));
        Assert.True(File.Exists(tmp["study/report.md"]));
        var before = File.ReadAllText(tmp["study/runs/lrr-s3/levels/01/summary.json"]);
        Assert.Equal(0, CliApp.Run(args, new StringWriter(), new StringWriter()));
        Assert.Equal(before, File.ReadAllText(tmp["study/runs/lrr-s3/levels/01/summary.json"]));
    }
}
