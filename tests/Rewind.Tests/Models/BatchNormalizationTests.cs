using Rewind.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Tests.Models;

/// <summary>The models' BatchNorm (rooted batch counter) computes exactly what TorchSharp's BatchNorm1d/2d computes.</summary>
public sealed class BatchNormalizationTests
{
    private static void SameAs(BatchNorm ours, BatchNorm theirs, Func<Tensor> batch)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            ours.weight!.copy_(rand(ours.weight.shape));
            ours.bias!.copy_(randn(ours.bias.shape));
            theirs.weight!.copy_(ours.weight);
            theirs.bias!.copy_(ours.bias);
        }
        Assert.Equal(theirs.state_dict().Keys.Order(StringComparer.Ordinal), ours.state_dict().Keys.Order(StringComparer.Ordinal));
        for (int step = 0; step < 3; step++) // training: batch statistics, running averages and the batch count
        {
            var x = batch();
            Assert.True(ours.forward(x).eq(theirs.forward(x)).all().item<bool>(), $"training output differs at step {step}");
        }
        foreach (var key in theirs.state_dict().Keys)
            Assert.True(ours.state_dict()[key].eq(theirs.state_dict()[key]).all().item<bool>(), $"{key} differs after training");
        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
        ours.eval();
        theirs.eval();
        var y = batch();
        Assert.True(ours.forward(y).eq(theirs.forward(y)).all().item<bool>(), "evaluation output differs");
    }

    [Fact]
    public void Two_dimensional_batch_norm_matches_TorchSharps_on_images()
    {
        using var ours = BatchNormalization.Of2d(5);
        using var theirs = nn.BatchNorm2d(5);
        SameAs(ours, theirs, () => randn(4, 5, 3, 3).mul_(Scalars.Two));
    }

    [Fact]
    public void One_dimensional_batch_norm_matches_TorchSharps_on_features()
    {
        using var ours = BatchNormalization.Of1d(7);
        using var theirs = nn.BatchNorm1d(7);
        SameAs(ours, theirs, () => randn(16, 7));
    }

    [Fact]
    public void A_batch_of_the_wrong_rank_is_refused()
    {
        using var bn = BatchNormalization.Of2d(3);
        using var x = randn(4, 3);
        Assert.Throws<ArgumentException>(() => bn.forward(x));
    }
}
