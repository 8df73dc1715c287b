using Rewind.Models;
using Rewind.Pruning;
using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

/// <summary>The pruner's scopes: exact counts, ties, nestedness and layer collapse, for every scorer.</summary>
public class ScopeTests
{
    private static long Kept(Tensor mask) => mask.count_nonzero().item<long>();

    [Fact]
    public void Structured_scope_removes_whole_filters_and_the_next_layers_matching_input_slices()
    {
        using var model = Nets.SmallConvNet(4);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        using var next = Pruner.ScoreAndPrune(ScorerCatalog.Create("l1-filter"), new ScoringContext(model, prunable, mask, 0), 0.5);
        var c1 = next["c1.weight"];
        var c2 = next["c2.weight"];
        var fc = next["fc.weight"];
        var keptC1 = Enumerable.Range(0, 4).Where(j => Kept(c1[j]) > 0).ToArray();
        var keptC2 = Enumerable.Range(0, 6).Where(j => Kept(c2[j]) > 0).ToArray();
        Assert.Equal(2, keptC1.Length); // (long)(0.5·4) = 2 of 4 filters pruned
        Assert.Equal(3, keptC2.Length);
        Assert.All(keptC1, j => Assert.Equal(9, Kept(c1[j]))); // filters are all-or-nothing
        for (int o = 0; o < 6; o++)
            for (int i = 0; i < 4; i++)
                Assert.Equal(keptC1.Contains(i) && keptC2.Contains(o) ? 9 : 0, Kept(c2[o, i]));
        // The classifier keeps all 3 classes but loses the 4 inputs (2×2 positions) of each removed conv2 channel.
        for (int f = 0; f < 24; f++)
            Assert.Equal(keptC2.Contains(f / 4) ? 3 : 0, Kept(fc.select(1, f)));
        // The unit with the larger L1 norm survives.
        var l1 = Enumerable.Range(0, 4).Select(j => model.get_parameter("c1.weight")![j].abs().sum().item<float>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 4).OrderByDescending(j => l1[j]).Take(2).Order(), keptC1);
    }

    [Fact]
    public void Balanced_and_erk_scopes_prune_the_layer_budgets_exactly_on_a_model()
    {
        using var model = ModelCatalog.Create("fc-30x2", [40], 5, seed: 3); // layers of 1200, 900, 150 weights
        var prunable = Prunable.Of(model);
        long[] sizes = prunable.Select(p => p.Count).ToArray();
        using var mask = MaskSet.AllOnes(prunable);
        var scores = new RandomScorer().Score(new ScoringContext(model, prunable, mask, 1));
        foreach (var variant in new[] { BalancedVariant.NoRedistribution, BalancedVariant.WaterFilling })
        {
            using var next = Pruner.Prune(scores, mask, 0.4, PruningScope.Balanced, new PrunerOptions { Balanced = variant });
            var expected = LayerBudgets.BalancedPrunedCounts(sizes, 0.4, variant);
            Assert.Equal(sizes.Select((n, i) => n - expected[i]), next.Masks.Select(m => Kept(m.Mask)));
        }
        foreach (var variant in new[] { ErkVariant.RigL, ErkVariant.Clamp })
        {
            using var next = Pruner.Prune(scores, mask, 0.2, PruningScope.Erk, new PrunerOptions { Erk = variant });
            var expected = LayerBudgets.ErkPrunedCounts(prunable.Select(p => p.Parameter.shape).ToArray(), 0.2, variant);
            Assert.Equal(sizes.Select((n, i) => n - expected[i]), next.Masks.Select(m => Kept(m.Mask)));
        }
        // At 0.4 the budget X = 300 exceeds the 150-weight classifier: no redistribution loses the rest, water-filling does not.
        using var a = Pruner.Prune(scores, mask, 0.4, PruningScope.Balanced, new PrunerOptions { Balanced = BalancedVariant.NoRedistribution });
        using var b = Pruner.Prune(scores, mask, 0.4, PruningScope.Balanced, new PrunerOptions { Balanced = BalancedVariant.WaterFilling });
        Assert.True(a.Remaining < b.Remaining);
        Assert.Equal(mask.Total - PruningCounts.PrunedCount(0.4, mask.Total), b.Remaining);
    }

    public static TheoryData<string> AllScorers() => new(ScorerCatalog.Names);

    /// <summary>The scorers whose scores tie on equal weights: random scores have no ties, LAMP turns equal weights into distinct scores (its own test below).</summary>
    public static TheoryData<string> TyingScorers() =>
        new(ScorerCatalog.Names.Where(n => !n.StartsWith("random", StringComparison.Ordinal) && n != "lamp"));

    private static ScoringContext Context(nn.Module<Tensor, Tensor> model, IReadOnlyList<PrunableTensor> prunable, MaskSet mask, long seed) =>
        new(model, prunable, mask, seed, Nets.RandomBatches([7], 3, seed), [7]);

    [Theory]
    [MemberData(nameof(AllScorers))]
    public void Every_scorer_gives_nested_masks_with_exact_counts_over_ten_levels(string name)
    {
        using var model = ModelCatalog.Create("fc-20x2", [7], 3, seed: 1);
        var prunable = Prunable.Of(model);
        long[] sizes = prunable.Select(p => p.Count).ToArray();
        var scorer = ScorerCatalog.Create(name);
        var mask = MaskSet.AllOnes(prunable);
        for (int level = 1; level <= 10; level++)
        {
            // Perturb the surviving weights between levels (as training would) so nestedness is not inherited.
            using (no_grad())
                foreach (var p in prunable)
                    using (var noise = randn(p.Parameter.shape, generator: new Generator((ulong)level, CPU)))
                        p.Parameter.add_(noise.mul_(0.3));
            mask.ApplyTo(prunable);
            double d = PruningCounts.Density(level, 0.2);
            var next = Pruner.ScoreAndPrune(scorer, Context(model, prunable, mask, level), d);
            Assert.True(next.IsNestedIn(mask), $"level {level} is not nested");
            var kept = next.Masks.Select(m => Kept(m.Mask)).ToArray();
            long[]? pruned = scorer.Scope switch
            {
                PruningScope.PerLayer => sizes.Select(n => PruningCounts.PrunedCount(d, n)).ToArray(),
                PruningScope.Balanced => LayerBudgets.BalancedPrunedCounts(sizes, d, BalancedVariant.NoRedistribution),
                PruningScope.Erk => LayerBudgets.ErkPrunedCounts(prunable.Select(p => p.Parameter.shape).ToArray(), d, ErkVariant.RigL),
                _ => null,
            };
            if (scorer.Scope == PruningScope.Global)
                Assert.Equal(mask.Total - PruningCounts.PrunedCount(d, mask.Total), kept.Sum());
            else if (pruned is not null)
                Assert.Equal(sizes.Select((n, i) => Math.Min(n - pruned[i], Kept(mask.Masks[i].Mask))), kept);
            else // structured: whole hidden units, the same count in each hidden layer
                for (int l = 0; l < 2; l++)
                    Assert.Equal(20 - PruningCounts.PrunedCount(d, 20), Enumerable.Range(0, 20).Count(u => Kept(next.Masks[l].Mask[u]) > 0));
            mask.Dispose();
            mask = next;
        }
        mask.Dispose();
    }

    [Theory]
    [MemberData(nameof(TyingScorers))]
    public void Every_scorer_breaks_ties_by_flat_index(string name)
    {
        // All weights equal and every input equal: every scorer that looks at the weights sees ties everywhere.
        using var model = nn.Sequential(("fc1", nn.Linear(4, 4, hasBias: false)), ("relu", nn.ReLU()), ("fc2", nn.Linear(4, 4, hasBias: false)));
        using (no_grad()) foreach (var p in model.parameters()) p.fill_(0.5);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var scorer = ScorerCatalog.Create(name);
        var ctx = new ScoringContext(model, prunable, mask, 0, _ => [(ones(2, 4), zeros(2, ScalarType.Int64))], [4]);
        using var next = Pruner.ScoreAndPrune(scorer, ctx, 0.5);
        var flat = next.Masks.SelectMany(m => Nets.Values(m.Mask)).ToArray();
        switch (scorer.Scope)
        {
            case PruningScope.Global: // the 16 lowest flat indices: all of fc1
                Assert.Equal(Enumerable.Repeat(0f, 16).Concat(Enumerable.Repeat(1f, 16)), flat);
                break;
            case PruningScope.PerLayer: // the first 8 of each layer
                Assert.Equal(Enumerable.Repeat(0f, 8).Concat(Enumerable.Repeat(1f, 8)).Concat(Enumerable.Repeat(0f, 8)).Concat(Enumerable.Repeat(1f, 8)), flat);
                break;
            case PruningScope.Structured: // units 0 and 1 of fc1, and fc2's columns 0 and 1
                Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, flat.Take(16));
                Assert.Equal(Enumerable.Range(0, 16).Select(i => i % 4 < 2 ? 0f : 1f), flat.Skip(16));
                break;
            default:
                Assert.Fail($"no tie expectation for scope {scorer.Scope}");
                break;
        }
    }

    [Fact]
    public void Lamp_on_equal_weights_breaks_ties_inside_each_layer_not_across_them()
    {
        // LAMP scores of a layer of equal weights are 1/16 … 1/1; the global cut takes the 8 lowest of each layer.
        using var model = nn.Sequential(("a", nn.Linear(4, 4, hasBias: false)), ("b", nn.Linear(4, 4, hasBias: false)));
        using (no_grad()) foreach (var p in model.parameters()) p.fill_(0.5);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        using var next = Pruner.ScoreAndPrune(new LampScorer(), new ScoringContext(model, prunable, mask, 0), 0.5);
        Assert.All(next.Masks, m => Assert.Equal(Enumerable.Repeat(0f, 8).Concat(Enumerable.Repeat(1f, 8)), Nets.Values(m.Mask)));
    }

    [Fact]
    public void A_target_above_the_current_density_keeps_the_mask_instead_of_reviving_weights()
    {
        using var model = ModelCatalog.Create("fc-10x1", [5], 2, seed: 0);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var scorer = ScorerCatalog.Create("global-magnitude");
        using var sparse = Pruner.ScoreAndPrune(scorer, new ScoringContext(model, prunable, mask, 0), 0.3);
        foreach (var scope in new[] { PruningScope.Global, PruningScope.PerLayer, PruningScope.Balanced, PruningScope.Erk, PruningScope.Structured })
        {
            using var again = Pruner.ScoreAndPrune(new RandomScorer(), new ScoringContext(model, prunable, sparse, 5), 0.9,
                new PrunerOptions { Scope = scope });
            Assert.True(again.IsNestedIn(sparse), scope.ToString());
            if (scope != PruningScope.Structured) Assert.Equal(sparse.Remaining, again.Remaining);
        }
    }

    [Fact]
    public void Layer_collapse_is_reported_not_prevented()
    {
        // The second layer's weights are tiny, so global magnitude empties it at 50% density.
        using var model = Nets.LinearChain(
            new float[,] { { 1, 2 }, { 3, 4 } },
            new float[,] { { 0.1f, 0.2f }, { 0.3f, 0.4f } });
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        using var next = Pruner.ScoreAndPrune(ScorerCatalog.Create("global-magnitude"), new ScoringContext(model, prunable, mask, 0), 0.5);
        Assert.Equal(new[] { "fc2.weight" }, next.EmptyLayers());
        var warning = LevelPruning.CollapseWarning(mask, next, "level 1");
        Assert.NotNull(warning);
        Assert.Contains("fc2.weight", warning);
        Assert.Null(LevelPruning.CollapseWarning(next, next, "level 2")); // reported once, when it happens
        // LAMP never empties a layer.
        using var lamp = Pruner.ScoreAndPrune(new LampScorer(), new ScoringContext(model, prunable, mask, 0), 0.5);
        Assert.Empty(lamp.EmptyLayers());
    }

    [Fact]
    public void Unknown_scorer_names_are_user_errors_listing_every_valid_name()
    {
        var e = Assert.Throws<RewindUserException>(() => ScorerCatalog.Create("synflw"));
        Assert.Contains("pruning.scorer", e.Message);
        Assert.All(ScorerCatalog.Names, n => Assert.Contains(n, e.Message));
    }

    [Fact]
    public void The_catalog_offers_every_criterion_of_the_issue()
    {
        Assert.Equal(
            new[] { "global-magnitude", "layer-magnitude", "global-gradient", "snip", "synflow", "lamp", "lap", "l1-filter",
                    "random", "random-uniform", "random-balanced", "random-erk" }.Order(),
            ScorerCatalog.Names.Order());
        foreach (var info in ScorerCatalog.Infos) Assert.Equal(info.Scope, ScorerCatalog.Create(info.Name).Scope);
    }
}
