using Rewind.Cli;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Runs;

namespace Rewind.Tests.Experiments;

[Collection("cli")]
public class IterativeCriteriaStudyTests
{
    [Fact]
    public void The_plan_runs_each_seeds_dense_level_once_then_imp_and_lrr_with_three_criteria_and_imp_on_lrrs_mask_and_signs()
    {
        var study = new IterativeCriteriaStudy();
        var plan = study.Plan(new StudyContext(study.Define(null, [], 2), "/tmp/study"));
        Assert.Equal(20, plan.Count);
        Assert.Equal(
            new[]
            {
                "dense", "imp-magnitude", "imp-snip", "imp-synflow", "lrr-magnitude", "lrr-snip", "lrr-synflow",
                "imp-lrrmask-lrrsigns-magnitude", "imp-lrrmask-lrrsigns-snip", "imp-lrrmask-lrrsigns-synflow",
            },
            plan.Where(r => r.Seed == 0).Select(r => r.Label));
        foreach (var run in plan.Where(r => r.Label.StartsWith("imp-lrrmask-lrrsigns-", StringComparison.Ordinal)))
        {
            var donor = plan.Single(r => r.Label == "lrr-" + run.Label["imp-lrrmask-lrrsigns-".Length..] && r.Seed == run.Seed);
            Assert.Equal((donor.Directory, donor.Directory, "wr", donor.Spec.Pruning.Scorer),
                (run.Spec.Pruning.MaskFrom, run.Spec.Pruning.SignsFrom, run.Spec.Pruning.Strategy, run.Spec.Pruning.Scorer));
            Assert.Equal([donor.Directory], run.After);
        }
        foreach (var run in plan.Where(r => r.Label != "dense" && !r.Label.StartsWith("imp-lrrmask", StringComparison.Ordinal)))
        {
            var dense = plan.Single(r => r.Label == "dense" && r.Seed == run.Seed);
            Assert.Equal(new LevelReuse(dense.Directory, 1), run.Reuse);
            Assert.Equal(RunIdentity.LevelZeroKey(dense.Spec), RunIdentity.LevelZeroKey(run.Spec)); // level 0 really is shared
            Assert.Equal(run.Label.StartsWith("imp", StringComparison.Ordinal) ? "wr" : "lrr", run.Spec.Pruning.Strategy);
            Assert.Equal(run.Label.EndsWith("magnitude", StringComparison.Ordinal) ? "global-magnitude" : run.Label[4..], run.Spec.Pruning.Scorer);
        }
    }

    [Fact]
    public void A_tiny_study_runs_end_to_end_from_the_cli_with_report_per_layer_densities_and_plots()
    {
        using var tmp = new TempDir();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(
        [
            "experiment", "iterative-criteria", "--out", tmp["study"], "--threads", "1", "--jobs", "1",
            "--set", "data.name=synthetic", "--set", "model.name=fc-32x2", "--set", "training.duration=1ep",
            "--set", "training.batch_size=64", "--set", "pruning.levels=2", "--set", "pruning.rewind_to=5it",
            "--set", "schedule.warmup=0it", "--set", "optimizer.lr=0.05",
        ], o, e);
        Assert.True(code == 0, e.ToString() + o);
        var csv = File.ReadAllText(tmp["study/metrics.csv"]);
        foreach (var label in new[] { "imp-magnitude", "imp-snip", "imp-synflow", "lrr-magnitude", "lrr-snip", "lrr-synflow", "imp-lrrmask-lrrsigns-snip" })
        {
            Assert.Contains(label, csv);
            Assert.True(File.Exists(tmp[$"study/runs/{label}-s0/levels/02/summary.json"]), label);
            Assert.True(File.Exists(tmp[$"study/plots/layer-density-{label}.png"]), label);
        }
        var report = File.ReadAllText(tmp["study/report.md"]);
        Assert.Contains("## Per-layer density", report);
        Assert.Contains("fc1.weight", report);
        Assert.Contains("lrr-snip: snip", report); // the criterion of every label is listed
        Assert.Contains("imp-magnitude: global-magnitude", report);
        Assert.True(File.Exists(tmp["study/plots/accuracy-vs-density.png"]));
        // The criteria really differ: SNIP and magnitude keep different weights at level 1 of LRR.
        Assert.NotEqual(File.ReadAllBytes(tmp["study/runs/lrr-magnitude-s0/levels/01/final.safetensors"]),
            File.ReadAllBytes(tmp["study/runs/lrr-snip-s0/levels/01/final.safetensors"]));
    }
}
