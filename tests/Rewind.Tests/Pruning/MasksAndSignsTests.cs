using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Pruning;

/// <summary>Mask and sign transplants, sign perturbation and the sign analyses on tiny synthetic runs (Paper A §3).</summary>
public sealed class MasksAndSignsTests
{
    private static RunSpec Spec(string name, string pruning, int levels = 3) => RunValidation.Resolve(SpecLoader.FromYaml($$"""
        name: {{name}}
        seed: 4
        threads: 1
        data: { name: synthetic }
        model: { name: fc-32x2 }
        training: { duration: 2ep, batch_size: 128 }
        optimizer: { name: sgd, lr: 0.05 }
        schedule: { name: cosine, warmup: 4it }
        pruning: { levels: {{levels}}, rate: 0.5, rewind_to: 6it, {{pruning}} }
        """, "test.yaml"));

    /// <summary>Captures each level's starting weights.</summary>
    private sealed class StartRecorder : IRunObserver
    {
        public Dictionary<int, Dictionary<string, Tensor>> Starts { get; } = [];
        public void OnLevelReady(int level, TrainingState state, long startStep) =>
            Starts[level] = state.Prunable.ToDictionary(p => p.Name, p => p.Parameter.detach().clone().DetachFromDisposeScope());
    }

    [Fact]
    public void A_transplant_uses_exactly_the_donors_mask_and_signs_at_every_level_with_its_own_rewound_magnitudes()
    {
        using var tmp = new TempDir();
        var donor = RunStore.Create(tmp["lrr"], Spec("lrr", "strategy: lrr"));
        TestRuns.Execute(donor);
        var spec = Spec("imp-lrr", $"strategy: wr, mask_from: {tmp["lrr"]}, signs_from: {tmp["lrr"]}");
        var run = RunStore.Create(tmp["imp"], spec);
        var starts = new StartRecorder();
        TestRuns.Execute(run, starts);

        using var rewindPoint = run.LoadRewindPoint(atInit: false);
        for (int level = 1; level <= 3; level++)
        {
            using var mine = run.LoadFinal(level);
            using var theirs = donor.LoadFinal(level);
            using var theirsBefore = donor.LoadFinal(level - 1);
            foreach (var (name, mask) in theirs.Mask)
            {
                Assert.True(Data.Same.Tensors(mask, mine.Mask[name]), $"level {level} {name}: not the donor's mask");
                using var start = starts.Starts[level][name];
                using var expected = rewindPoint.Model[name].abs().mul(theirsBefore.Model[name].sign()).mul(mask);
                Assert.True(Data.Same.Tensors(expected, start), $"level {level} {name}: start is not |θ(k)| ⊙ donor sign ⊙ donor mask");
            }
        }
        foreach (var level in starts.Starts.Values) foreach (var t in level.Values) t.Dispose();
    }

    [Fact]
    public void An_incompatible_or_missing_donor_is_a_user_error_naming_both_runs()
    {
        using var tmp = new TempDir();
        var donor = RunStore.Create(tmp["small"], Spec("small", "strategy: lrr", levels: 1));
        TestRuns.Execute(donor);
        var e = Assert.Throws<RewindUserException>(() => TestRuns.Execute(RunStore.Create(tmp["big"], Spec("big", $"strategy: wr, mask_from: {tmp["small"]}"))));
        Assert.Contains("pruning.mask_from", e.Message);
        Assert.Contains("small", e.Message);
        Assert.Contains("has 1 pruned level(s), this run needs 3", e.Message);
        var missing = Assert.Throws<RewindUserException>(() => TestRuns.Execute(RunStore.Create(tmp["orphan"], Spec("orphan", $"strategy: wr, signs_from: {tmp["nothing"]}"))));
        Assert.Contains("holds no run", missing.Message);
    }

    [Fact]
    public void Perturbation_flips_exactly_the_requested_count_of_alive_weights_and_no_pruned_one()
    {
        using var w = torch.randn(40, 25, generator: new Generator(3, CPU)).requires_grad_(false);
        var p = new TorchSharp.Modules.Parameter(w.clone());
        using var mask = MaskSet.FromTensors([new("w", torch.rand(40, 25, generator: new Generator(4, CPU)).gt(0.3).to(ScalarType.Float32))]);
        var prunable = new[] { new PrunableTensor("w", p) };
        using var before = p.detach().clone();
        var record = SignPerturbation.Apply(prunable, mask, 0.3, 99);

        using var alive = mask["w"].ne(0);
        long n = alive.sum().item<long>();
        long expected = (long)Math.Round(0.3 * n, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, record.Layers[0].Flipped);
        Assert.Equal(n, record.Layers[0].Alive);
        using var flipped = before.sign().ne(p.detach().sign());
        Assert.Equal(expected, flipped.logical_and(alive).sum().item<long>());
        Assert.Equal(0, flipped.logical_and(alive.logical_not()).sum().item<long>());
        Assert.True(Data.Same.Tensors(before.abs(), p.detach().abs())); // magnitudes untouched
    }

    [Fact]
    public void A_perturbed_run_records_the_flips_and_shares_the_levels_before_it_with_its_baseline()
    {
        using var tmp = new TempDir();
        var baseline = RunStore.Create(tmp["base"], Spec("base", "strategy: lrr"));
        var baseLevels = TestRuns.Execute(baseline);
        var perturbed = RunStore.Create(tmp["p"], Spec("p", "strategy: lrr, perturb_signs: { level: 2, fraction: 0.5 }"));
        perturbed.RecordReuse(new LevelReuse(baseline.Root, int.MaxValue));
        var levels = TestRuns.Execute(perturbed);
        for (int l = 0; l < 2; l++) Assert.Equal(baseLevels[l], levels[l]);     // levels 0..1 copied
        Assert.NotEqual(baseLevels[2].TestLoss, levels[2].TestLoss);            // level 2 starts perturbed
        var record = perturbed.ReadLevelRecord<SignPerturbation>(2, SignPerturbation.FileName)!;
        Assert.All(record.Layers, l => Assert.Equal((long)Math.Round(0.5 * l.Alive, MidpointRounding.AwayFromZero), l.Flipped));
        Assert.False(perturbed.HasLevelRecord(1, SignPerturbation.FileName));
    }

    [Fact]
    public void Observers_do_not_change_training_and_analyze_equals_what_they_wrote()
    {
        using var tmp = new TempDir();
        var observed = RunStore.Create(tmp["observed"], Spec("x", "strategy: wr"));
        var withObservers = TestRuns.Execute(observed);
        var bare = RunStore.Create(tmp["bare"], Spec("x", "strategy: wr"));
        var without = LevelLoop.Run(bare, new RunObservers([]));
        Assert.Equal(withObservers.Select(l => l with { Seconds = 0 }), without.Select(l => l with { Seconds = 0 }));
        for (int l = 0; l <= 3; l++)
        {
            using var a = observed.LoadFinal(l);
            using var b = bare.LoadFinal(l);
            foreach (var (name, t) in a.Model) Assert.True(Data.Same.Tensors(t, b.Model[name]), $"level {l} {name}");
        }

        // The bare run has no records; analyze measures them and they equal what the observers wrote during the other run.
        Assert.False(bare.HasLevelRecord(0, LevelSigns.FileName));
        var (levels, history) = RunAnalysis.Analyze(bare);
        for (int l = 0; l <= 3; l++)
            Assert.Equal(File.ReadAllText(Path.Combine(observed.LevelDir(l), LevelSigns.FileName)), File.ReadAllText(Path.Combine(bare.LevelDir(l), LevelSigns.FileName)));
        Assert.Equal(4, history.Levels);
        Assert.Equal(levels[^1].Alive, history.Weights);
        Assert.Equal(history.Weights, history.LastChange.Sum());
        Assert.Equal(history.Weights, history.Switches.Sum());
        Assert.True(levels[0].FlipsVsInit > 0); // dense training flips small weights (which pruning then removes first)
    }
}
