using Rewind.Experiments.Silo;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Tests.Experiments;

/// <summary>The Oracle of Paper B §5.4: its decision rule, and its choice on a tiny run against brute force.</summary>
public sealed class OracleTests
{
    private sealed class Silent : ITrainingObserver;

    private static OracleTrial T(double peak, double validation) => new(2, peak, validation, 0.5, 0.5, "dir");

    [Fact]
    public void Oracle_picks_the_best_validation_accuracy_and_the_interval_within_half_a_point()
    {
        var d = OracleLevel.Decide([T(0.01, 0.850), T(0.02, 0.861), T(0.03, 0.8565), T(0.05, 0.8559), T(0.07, 0.840)]);
        Assert.Equal(0.02, d.Chosen.Peak);
        Assert.Equal(0.02, d.IntervalLow);  // 0.850 is 1.1 points below
        Assert.Equal(0.03, d.IntervalHigh); // 0.8565 is 0.45 below; 0.8559 is 0.51 below
        Assert.True(d.InInterval(0.025));
        Assert.False(d.InInterval(0.05));
        Assert.Equal(2, d.Level);
    }

    [Fact]
    public void Oracle_breaks_ties_towards_the_smaller_peak_and_needs_validation_accuracies()
    {
        Assert.Equal(0.02, OracleLevel.Decide([T(0.05, 0.9), T(0.02, 0.9), T(0.03, 0.8)]).Chosen.Peak);
        var e = Assert.Throws<RewindUserException>(() => OracleLevel.Decide([T(0.05, double.NaN)]));
        Assert.Contains("data.validation", e.Message);
    }

    [Fact]
    public void Oracle_on_a_tiny_run_picks_the_grid_value_that_brute_force_says_is_best()
    {
        using var tmp = new TempDir();
        var baseSpec = SpecLoader.FromYaml("""
            name: oracle-test
            seed: 3
            threads: 1
            data: { name: synthetic, validation: 256 }
            model: { name: fc-32x2 }
            training: { duration: 2ep, batch_size: 128 }
            optimizer: { name: sgd, lr: 0.05 }
            schedule: { name: warmup-step, warmup: 4it }
            pruning: { strategy: lrr, levels: 2, rate: 0.5 }
            peak: { name: silo, delta: 0.05 }
            """, "oracle.yaml");
        double[] grid = [0.005, 0.05, 0.4];
        var definition = new StudyDefinition("oracle", [3], SpecWriter.ToYaml(baseSpec), [],
            new Dictionary<string, string> { ["grid"] = "0.005,0.05,0.4", ["levels"] = "2" });
        var context = new StudyContext(definition, tmp.Path);
        var decisions = TrialsOnly(context)[3];
        Assert.Equal(3, decisions.Count);

        // Brute force: every grid value at every level, each trained from scratch as one independent run (no reuse),
        // continuing the Oracle's own earlier choices. Determinism makes the numbers identical to the trials'.
        var fixedBase = baseSpec with { Peak = new PeakSpec() };
        var chosen = new List<double>();
        for (int m = 0; m < decisions.Count; m++)
        {
            var validation = new Dictionary<double, double>();
            foreach (double g in grid)
            {
                var spec = OracleStudy.TrialSpec(fixedBase, 3, chosen, g);
                var levels = TestRuns.Execute(RunStore.Create(Path.Combine(tmp.Path, "brute", $"m{m}-{g}"), spec), new Silent());
                validation[g] = levels[m].ValidationAccuracy;
                Assert.Equal(g, levels[m].PeakLearningRate);
            }
            double best = validation.Where(kv => kv.Value == validation.Values.Max()).Min(kv => kv.Key);
            Assert.Equal(best, decisions[m].Chosen.Peak);
            Assert.Equal(grid.Select(g => validation[g]), decisions[m].Trials.Select(t => t.ValidationAccuracy));
            chosen.Add(best);
        }
        Assert.All(decisions, d => Assert.True(d.Trials.Select(t => t.ValidationAccuracy).Distinct().Count() > 1)); // a real choice at every level
    }

    [Fact]
    public void Oracle_trials_record_the_earlier_choices_as_a_peak_list_and_need_a_validation_set()
    {
        var fixedBase = new RunSpec { Model = new ModelSpec { Name = "fc-8x1" }, Optimizer = new OptimizerSpec { Lr = 0.03 } };
        var level0 = OracleStudy.TrialSpec(fixedBase, 1, [], 0.02);
        Assert.Equal(0.02, level0.Optimizer.Lr);
        Assert.Equal(0, level0.Pruning.Levels);
        var level3 = OracleStudy.TrialSpec(fixedBase, 1, [0.04, 0.05, 0.06], 0.09);
        Assert.Equal(0.04, level3.Optimizer.Lr);
        Assert.Equal("list", level3.Peak.Name);
        Assert.Equal([0.05, 0.06, 0.09], level3.Peak.Values);
        Assert.Equal(3, level3.Pruning.Levels);

        var noValidation = new StudyDefinition("oracle", [0], SpecWriter.ToYaml(fixedBase with { Peak = new PeakSpec { Name = "silo", Delta = 0.04 } }), [],
            new Dictionary<string, string> { ["grid"] = "0.01" });
        var e = Assert.Throws<RewindUserException>(() => new OracleStudy().Plan(new StudyContext(noValidation, "unused")));
        Assert.Contains("data.validation", e.Message);
        Assert.Equal([0.01, 0.02, 0.03, 0.05, 0.09], OracleStudy.DefaultGrid(0.03));
        Assert.Equal([0.01, 0.05], OracleStudy.ParseGrid("0.05, 0.01,0.05"));
        Assert.Contains("--grid: '-1' is not a learning rate > 0", Assert.Throws<RewindUserException>(() => OracleStudy.ParseGrid("0.1,-1")).Message);
    }

    /// <summary>Runs the Oracle's trials stage by stage, as the study runner does, but none of its arms.</summary>
    private static IReadOnlyDictionary<int, IReadOnlyList<OracleLevel>> TrialsOnly(StudyContext context)
    {
        while (true)
        {
            var trials = new List<PlannedRun>();
            var decisions = OracleStudy.Decisions(context, trials);
            var todo = trials.Where(t => !t.IsComplete()).ToList();
            if (todo.Count == 0) return decisions;
            foreach (var t in todo) t.Prepare();
            new InProcessExecutor().Execute(StudyRunner.Ordered(todo), default);
        }
    }
}
