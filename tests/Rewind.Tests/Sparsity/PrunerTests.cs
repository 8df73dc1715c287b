using Rewind.Models;
using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

public class PrunerTests
{
    [Fact]
    public void Global_magnitude_masks_are_nested_and_exact_over_ten_levels()
    {
        using var model = ModelCatalog.Create("fc-20x2", [7], 3, seed: 1);
        var prunable = Prunable.Of(model);
        long n = prunable.Sum(p => p.Count);
        var mask = MaskSet.AllOnes(prunable);
        var scorer = new MagnitudeScorer("global-magnitude", PruningScope.Global);
        var rng = new Random(3);
        for (int level = 1; level <= 10; level++)
        {
            // Perturb the weights between levels (as training would) so nestedness is not trivially inherited.
            using (no_grad())
                foreach (var p in prunable)
                    using (var noise = randn(p.Parameter.shape, generator: new Generator((ulong)rng.Next(), CPU)))
                        p.Parameter.add_(noise);
            var scores = scorer.Score(new ScoringContext(model, prunable, mask, 0));
            var next = Pruner.Prune(scores, mask, PruningCounts.Density(level, 0.2), PruningScope.Global);
            Assert.True(next.IsNestedIn(mask));
            Assert.Equal(n - PruningCounts.PrunedCount(PruningCounts.Density(level, 0.2), n), next.Remaining);
            mask.Dispose();
            mask = next;
            foreach (var s in scores) s.Dispose();
        }
        mask.Dispose();
    }

    [Fact]
    public void Per_layer_scope_prunes_the_same_count_in_every_layer()
    {
        using var model = ModelCatalog.Create("fc-10x2", [10], 10, seed: 2);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var scores = new MagnitudeScorer("layer-magnitude", PruningScope.PerLayer).Score(new ScoringContext(model, prunable, mask, 0));
        using var next = Pruner.Prune(scores, mask, 0.5, PruningScope.PerLayer);
        Assert.All(next.LayerDensities(), d => Assert.Equal(0.5, d.Density, 12));
    }

    [Fact]
    public void Keep_output_dense_leaves_the_classifier_out_of_the_prunable_set()
    {
        using var model = ModelCatalog.Create("lenet-300-100", [1, 28, 28], 10, seed: 0);
        Assert.Equal(new[] { "fc1.weight", "fc2.weight", "fc3.weight" }, Prunable.Of(model).Select(p => p.Name));
        Assert.Equal(new[] { "fc1.weight", "fc2.weight" }, Prunable.Of(model, keepOutputDense: true).Select(p => p.Name));
        Assert.Equal(784L * 300 + 300 * 100 + 100 * 10, Prunable.Of(model).Sum(p => p.Count));
    }

    [Fact]
    public void Random_scores_depend_only_on_the_seed()
    {
        using var model = ModelCatalog.Create("fc-8x1", [4], 2, seed: 0);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var a = new RandomScorer().Score(new ScoringContext(model, prunable, mask, 42));
        var b = new RandomScorer().Score(new ScoringContext(model, prunable, mask, 42));
        var c = new RandomScorer().Score(new ScoringContext(model, prunable, mask, 43));
        Assert.True(a[0].eq(b[0]).all().item<bool>());
        Assert.False(a[0].eq(c[0]).all().item<bool>());
    }

    [Fact]
    public void Unknown_scorer_is_a_user_error_listing_valid_names()
    {
        var e = Assert.Throws<RewindUserException>(() => ScorerCatalog.Create("magnitud"));
        Assert.Contains("global-magnitude", e.Message);
    }
}
