using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

public class GradientScorerTests
{
    private static nn.Module<Tensor, Tensor> NetWithDropout(long seed)
    {
        var net = nn.Sequential(("fc1", nn.Linear(5, 8)), ("relu", nn.ReLU()), ("drop", nn.Dropout(0.5)), ("fc2", nn.Linear(8, 3)));
        using var g = new Generator((ulong)seed, CPU);
        using (no_grad())
            foreach (var p in net.parameters())
                using (var r = randn(p.shape, generator: g))
                    p.copy_(r);
        return net;
    }

    /// <summary>|w·Σ∂L/∂w| computed the plain way, with backward() into .grad.</summary>
    private static List<Tensor> Expected(nn.Module<Tensor, Tensor> model, int batches, bool train)
    {
        model.train(train);
        model.zero_grad();
        foreach (var (x, y) in Nets.RandomBatches([5], 3, 11)(batches))
            nn.functional.cross_entropy(model.forward(x), y).backward();
        var result = Prunable.Of(model).Select(p => p.Parameter.detach().mul(p.Parameter.grad!).abs()).ToList();
        model.zero_grad();
        return result;
    }

    [Fact]
    public void Snip_is_weight_times_gradient_summed_over_the_configured_batches_in_eval_mode()
    {
        using var model = NetWithDropout(1);
        var expected = Expected(model, 3, train: false);
        model.train();
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var scores = new SnipScorer(batches: 3).Score(new ScoringContext(model, prunable, mask, 0, Nets.RandomBatches([5], 3, 11)));
        for (int i = 0; i < scores.Count; i++) Assert.True(scores[i].allclose(expected[i], 1e-4, 1e-6));
        Assert.True(model.training); // mode restored
        Assert.All(prunable, p => Assert.True(p.Parameter.grad is null || p.Parameter.grad.eq(0).all().item<bool>()));
        var oneBatch = new SnipScorer(batches: 1).Score(new ScoringContext(model, prunable, mask, 0, Nets.RandomBatches([5], 3, 11)));
        Assert.False(oneBatch[0].allclose(expected[0], 1e-4, 1e-6)); // the batch count matters
    }

    [Fact]
    public void Global_gradient_takes_the_gradient_in_train_mode()
    {
        using var model = NetWithDropout(2);
        model.eval();
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var ctx = new ScoringContext(model, prunable, mask, 0, Nets.RandomBatches([5], 3, 11));
        var train = new GradientScorer().Score(ctx);
        var eval = new SnipScorer().Score(ctx);
        Assert.False(model.training);
        // Dropout is active only in train mode, so the two criteria see different gradients.
        Assert.False(train[0].allclose(eval[0], 1e-4, 1e-6));
    }

    [Fact]
    public void Pruned_weights_score_zero()
    {
        using var model = NetWithDropout(3);
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        using (no_grad()) prunable[0].Parameter[0].zero_();
        var scores = new SnipScorer().Score(new ScoringContext(model, prunable, mask, 0, Nets.RandomBatches([5], 3, 11)));
        Assert.True(scores[0][0].eq(0).all().item<bool>());
    }
}
