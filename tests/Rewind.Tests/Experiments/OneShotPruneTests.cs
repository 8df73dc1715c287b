using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Storage;

namespace Rewind.Tests.Experiments;

[Collection("cli")]
public class OneShotPruneTests
{
    private const string Spec = """
        name: oneshot-test
        seed: 3
        threads: 1
        data: { name: synthetic }
        model: { name: fc-32x2 }
        training: { duration: 1ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05 }
        pruning: { strategy: lrr, levels: 1, rate: 0.5, scorer: snip, score_batches: 2 }
        """;

    private static RunStore TrainedRun(TempDir tmp)
    {
        var dir = RunStore.Create(tmp["run"], RunValidation.Resolve(SpecLoader.FromYaml(Spec, "test")));
        TestRuns.Execute(dir, new Quiet());
        return dir;
    }

    private sealed class Quiet : Rewind.Training.ITrainingObserver;

    [Fact]
    public void Pruning_level_0_to_level_1s_density_with_the_runs_scorer_reproduces_the_runs_level_1_mask()
    {
        using var tmp = new TempDir();
        var run = TrainedRun(tmp);
        var result = OneShotPrune.Run(run.FinalPath(0), null, 0.5, tmp["pruned"]);
        Assert.Equal("snip", result.Scorer);
        var (mask, meta) = SafeTensors.Load(result.MaskPath);
        Assert.Equal("rewind-mask", meta["format"]);
        using var level1 = Checkpoint.Load(run.FinalPath(1));
        Assert.Equal(level1.Mask.Keys.Order(), mask.Keys.Order());
        foreach (var (name, m) in mask)
            Assert.True(m.to(TorchSharp.torch.ScalarType.Float32).eq(level1.Mask[name]).all().item<bool>(), name);
        Assert.Equal(File.ReadAllText(run.LayersPath(1)), File.ReadAllText(result.LayersPath));
        Assert.Equal(0.5, result.Density, 2);
        Assert.Contains("fc1.weight", result.Table);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_run_folder_prunes_its_last_level_and_any_scorer_and_scope_can_be_chosen()
    {
        using var tmp = new TempDir();
        var run = TrainedRun(tmp);
        var last = OneShotPrune.Run(tmp["run"], "global-magnitude", 0.1, tmp["p1"]);
        Assert.EndsWith(Path.Combine("levels", "01", "final.safetensors"), last.Checkpoint);
        Assert.InRange(last.Density, 0.1, 0.1 + 1.0 / 2176); // fc-32x2 on 32 features, 4 classes: 2176 weights
        // From the dense level, water-filling balanced reaches the target up to the integer count.
        var balanced = OneShotPrune.Run(run.FinalPath(0), "random-balanced", 0.1, tmp["p2"], ["pruning.balanced_variant=water-filling"]);
        Assert.InRange(balanced.Density, 0.1, 0.1 + 1.0 / 2176);
        var rows = File.ReadAllLines(balanced.LayersPath);
        Assert.Equal(LayerTable.Header, rows[0]);
        // fc1, fc2 (1024 weights) and fc3 (128) each keep about X = 217.6/3 weights.
        Assert.All(rows.Skip(1), r => Assert.InRange(long.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture), 72, 73));
    }

    [Fact]
    public void Mistakes_are_user_errors_that_say_what_to_do()
    {
        using var tmp = new TempDir();
        var run = TrainedRun(tmp);
        var up = Assert.Throws<RewindUserException>(() => OneShotPrune.Run(run.FinalPath(1), null, 0.9, tmp["p"]));
        Assert.Contains("cannot bring weights back", up.Message);
        var name = Assert.Throws<RewindUserException>(() => OneShotPrune.Run(run.FinalPath(0), "magnitude", 0.5, tmp["p"]));
        Assert.Contains("global-magnitude", name.Message);
        File.WriteAllText(tmp["loose.safetensors"], "x");
        var lost = Assert.Throws<RewindUserException>(() => OneShotPrune.Run(tmp["loose.safetensors"], null, 0.5, tmp["p"]));
        Assert.Contains("spec.yaml", lost.Message);
        Assert.Throws<RewindUserException>(() => OneShotPrune.Run(run.FinalPath(0), null, 0, tmp["p"]));
    }
}
