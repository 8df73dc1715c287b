using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

public class SynFlowTests
{
    private static void Scale(nn.Module model, string name, double factor)
    {
        using (no_grad()) model.get_parameter(name)!.mul_(factor);
    }

    private static void AssertClose(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b, double rtol = 1e-4)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
            Assert.True(a[i].allclose(b[i], rtol, 1e-6), $"scores of tensor {i} differ");
    }

    [Fact]
    public void Scores_are_unchanged_by_scaling_a_linear_layer_and_the_next_by_the_inverse()
    {
        using var model = Nets.LinearChain(
            new float[,] { { 1, -2, 0.3f }, { 0.5f, 0.5f, -1 }, { 3, 0, 2 } },
            new float[,] { { 1, 0, -1 }, { 2, 1, 0.5f } },
            new float[,] { { 1, -1 }, { 0.5f, 2 } });
        var before = Nets.ScoreDense(new SynFlowScorer(), model, [3]);
        Scale(model, "fc2.weight", 8);
        Scale(model, "fc3.weight", 1 / 8.0);
        AssertClose(before, Nets.ScoreDense(new SynFlowScorer(), model, [3]));
        // A scale that is not compensated changes R, hence the scores: the check can fail.
        Scale(model, "fc3.weight", 2);
        Assert.False(before[0].allclose(Nets.ScoreDense(new SynFlowScorer(), model, [3])[0], 1e-4, 1e-6));
    }

    [Fact]
    public void Scores_are_unchanged_by_scaling_a_conv_layer_and_the_next_by_the_inverse()
    {
        using var model = Nets.SmallConvNet(5, bias: false);
        var before = Nets.ScoreDense(new SynFlowScorer(), model, [1, 6, 6]);
        Scale(model, "c1.weight", 0.25);
        Scale(model, "c2.weight", 4);
        AssertClose(before, Nets.ScoreDense(new SynFlowScorer(), model, [1, 6, 6]));
        Scale(model, "c2.weight", 0.5);
        Scale(model, "fc.weight", 2);
        AssertClose(before, Nets.ScoreDense(new SynFlowScorer(), model, [1, 6, 6]));
    }

    [Fact]
    public void Every_layer_of_a_bias_free_chain_sums_to_the_same_synaptic_flow()
    {
        using var model = Nets.SmallConvNet(9, bias: false);
        var scores = Nets.ScoreDense(new SynFlowScorer(), model, [1, 6, 6]);
        double r = scores[0].sum().item<float>();
        Assert.All(scores, s => Assert.Equal(1.0, s.sum().item<float>() / r, 4));
    }

    [Fact]
    public void Scoring_restores_every_sign_and_the_train_mode_exactly()
    {
        using var model = Nets.SmallConvNet(1);
        model.train();
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        Nets.ScoreDense(new SynFlowScorer(), model, [1, 6, 6]);
        Assert.True(model.training);
        var after = model.parameters().ToList();
        for (int i = 0; i < before.Count; i++) Assert.True(before[i].eq(after[i]).all().item<bool>());
        Assert.Contains(after, p => p.lt(0).any().item<bool>()); // there were signs to lose
    }

    [Fact]
    public void Iterative_synflow_reaches_the_target_nested_and_leaves_the_weights_alone()
    {
        using var model = Nets.SmallConvNet(2, bias: false);
        var prunable = Prunable.Of(model);
        var weights = prunable.Select(p => p.Parameter.detach().clone()).ToList();
        using var mask = MaskSet.AllOnes(prunable);
        var ctx = new ScoringContext(model, prunable, mask, 0, InputShape: [1, 6, 6]);
        using var next = Pruner.ScoreAndPrune(new SynFlowScorer(iterations: 5), ctx, 0.1);
        long n = mask.Total;
        Assert.Equal(n - PruningCounts.PrunedCount(0.1, n), next.Remaining);
        Assert.True(next.IsNestedIn(mask));
        for (int i = 0; i < prunable.Count; i++) Assert.True(weights[i].eq(prunable[i].Parameter).all().item<bool>());
        // Re-scoring after each round differs from one pass at this sparsity (otherwise the option would be moot).
        using var once = Pruner.ScoreAndPrune(new SynFlowScorer(), ctx, 0.1);
        Assert.False(Enumerable.Range(0, prunable.Count).All(i => next.Masks[i].Mask.eq(once.Masks[i].Mask).all().item<bool>()));
    }
}
