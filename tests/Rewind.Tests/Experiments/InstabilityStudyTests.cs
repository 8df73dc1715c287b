using System.Text.Json;
using Rewind.Analysis;
using Rewind.Cli;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Storage;

namespace Rewind.Tests.Experiments;

[Collection("cli")]
public class InstabilityStudyTests
{
    private static StudyContext Context(IReadOnlyList<string>? sets = null, Dictionary<string, string>? parameters = null, int seeds = 2)
    {
        var study = new InstabilityStudy();
        return new StudyContext(study.Define(null, sets ?? [], seeds, parameters), "/tmp/instability-study");
    }

    [Fact]
    public void The_default_plan_shares_level_0_and_measures_each_distinct_start_point_once()
    {
        var study = new InstabilityStudy();
        var context = Context();
        var plan = study.Plan(context);
        Assert.Equal(6, plan.Count);
        Assert.Equal(["dense", "imp", "lrr"], plan.Where(r => r.Seed == 0).Select(r => r.Label));
        Assert.Equal("wr", plan.Single(r => r.Label == "imp" && r.Seed == 0).Spec.Pruning.Strategy);
        Assert.Equal("lrr", plan.Single(r => r.Label == "lrr" && r.Seed == 1).Spec.Pruning.Strategy);
        Assert.Equal("fashion-mnist", context.BaseSpec.Data.Name);
        Assert.Equal("lenet-300-100", context.BaseSpec.Model.Name);

        var m = study.Measurements(context);
        // Per seed: level 0 once on the dense run (θ(0), θ(k)); levels 3, 6, 9, 12: imp θ(0), θ(k) and lrr θ(0), θ(k), level start.
        Assert.Equal(2 * (2 + 4 * 5), m.Count);
        Assert.All(m.Where(x => x.Level == 0), x => Assert.Equal("dense", x.Label));
        Assert.All(m.Where(x => x.Level > 0), x => Assert.NotEqual("dense", x.Label));
        Assert.DoesNotContain(m, x => x.Start == InstabilityStart.LevelStart && x.Label != "lrr");
        Assert.Equal(m.Count, m.Select(x => x.ResultPath).Distinct().Count());
        var one = m.Single(x => x.Label == "lrr" && x.Seed == 1 && x.Level == 6 && x.Start == InstabilityStart.LevelStart);
        Assert.Equal(Path.Combine("/tmp/instability-study", "instability", "lrr-s1", "level-06-level-start.json"), one.ResultPath);
        Assert.Equal(context.RunDirectory("lrr", 1), one.RunDirectory);

        // Rewinding to step 0 makes θ(k) = θ(0): no separate rewind measurement.
        var atInit = study.Measurements(Context(["pruning.rewind_to=0it"], new() { ["levels-to-test"] = "2" }));
        Assert.Equal(2 * (2 + 1), atInit.Count);
        Assert.DoesNotContain(atInit, x => x.Start == InstabilityStart.Rewind);
    }

    [Theory]
    [InlineData("levels-to-test", "3,13", "level 13")]
    [InlineData("levels-to-test", "two", "'two'")]
    [InlineData("starts", "init,theta", "'theta'")]
    [InlineData("alpha-steps", "0", "--alpha-steps")]
    [InlineData("batch-norm", "average", "'average'")]
    [InlineData("curve-level", "4", "--curve-level")]
    public void Mistakes_in_the_options_are_user_errors_naming_the_option_before_anything_runs(string option, string value, string named)
    {
        var study = new InstabilityStudy();
        var e = Assert.Throws<RewindUserException>(() => study.Plan(Context(parameters: new() { [option] = value })));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void A_level_start_the_analysis_cannot_replay_is_refused_in_the_plan()
    {
        var study = new InstabilityStudy();
        var e = Assert.Throws<RewindUserException>(() => study.Plan(Context(["lrr:pruning.keep_signs=true"])));
        Assert.Contains("lrr runs change signs", e.Message);
        Assert.Equal(6, study.Plan(Context(["lrr:pruning.keep_signs=true"], new() { ["starts"] = "init,rewind" })).Count);
    }

    private static string[] TinyStudy(string outDir, params string[] extra) =>
    [
        "experiment", "instability", "--out", outDir, "--threads", "1", "--seeds", "2",
        "--set", "data.name=synthetic", "--set", "data.train_subset=0", "--set", "model.name=fc-32x2", "--set", "training.duration=1ep",
        "--set", "training.batch_size=64", "--set", "pruning.levels=2", "--set", "pruning.rewind_to=5it",
        "--set", "optimizer.lr=0.05", "--levels-to-test", "0,2", "--alpha-steps", "4", .. extra,
    ];

    [Fact]
    public void A_tiny_study_runs_end_to_end_from_the_cli_and_a_rerun_measures_only_what_is_missing()
    {
        using var tmp = new TempDir();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(TinyStudy(tmp["study"]), o, e);
        Assert.True(code == 0, e.ToString() + o);

        var results = Directory.GetFiles(tmp["study/instability"], "*.json", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ToArray();
        // Per seed: dense level 0 from θ(0) and θ(k); level 2: imp θ(0), θ(k); lrr θ(0), θ(k), level start.
        Assert.Equal(2 * 7, results.Length);
        var lrr = JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(tmp["study/instability/lrr-s1/level-02-level-start.json"]), Json.Options)!;
        Assert.Equal(5, lrr.TestError.Length);
        Assert.Equal(1, lrr.OrderSeedA);
        Assert.Equal(Instability.Barrier(lrr.TestError), lrr.ErrorBarrier);
        Assert.Equal(RunStore.Open(tmp["study/runs/lrr-s1"]).ReadSummary(2).Density, lrr.Density);

        var report = File.ReadAllText(tmp["study/report.md"]);
        Assert.Contains("## Instability (Frankle et al. 2020)", report);
        Assert.Contains("14 of 14 measurements are stored", report);
        Assert.Contains("### Findings", report);
        Assert.Contains("Pruned subnetworks: is rewinding to θ(k) more stable than rewinding to θ(0)?", report);
        Assert.Contains("**The dense network (level 0).**", report);
        Assert.Contains("| lrr | level start | 2 |", report);
        Assert.Contains("The network has no BatchNorm", report);
        foreach (var plot in new[] { "instability-imp.png", "instability-lrr.png", "interpolation-level-02.png", "accuracy-vs-density.png" })
            Assert.True(File.Exists(tmp[$"study/plots/{plot}"]), plot);
        Assert.Equal(1 + 14, File.ReadAllLines(tmp["study/instability.csv"]).Length);

        // Resume: a missing result is measured again; an existing one is left as it is (marked here to tell).
        var removed = tmp["study/instability/imp-s0/level-02-rewind.json"];
        var before = JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(removed), Json.Options)!;
        File.Delete(removed);
        var kept = tmp["study/instability/lrr-s0/level-02-init.json"];
        var marked = JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(kept), Json.Options)! with { Seconds = 12345 };
        File.WriteAllText(kept, JsonSerializer.Serialize(marked, Json.Options) + "\n");
        o = new StringWriter();
        code = CliApp.Run(TinyStudy(tmp["study"]), o, e);
        Assert.True(code == 0, e.ToString() + o);
        Assert.Contains("Instability: 1 measurement(s) to do", o.ToString());
        Assert.Equal(12345, JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(kept), Json.Options)!.Seconds);
        var again = JsonSerializer.Deserialize<InstabilityResult>(File.ReadAllText(removed), Json.Options)!;
        Assert.Equal(before.TestError, again.TestError); // the same measurement: deterministic for the same thread count
        Assert.Equal(before.TestLoss, again.TestLoss);
    }
}
