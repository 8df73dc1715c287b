using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

/// <summary>The criteria test vectors of ALGORITHMS.md §8.4, with exact expected masks.</summary>
public class CriteriaVectorTests
{
    private static readonly float[,] W1 = { { 1, -2 }, { 0.5f, 0.5f }, { 3, 0 } };
    private static readonly float[,] W2 = { { 1, 0, -1 }, { 2, 1, 0.5f } };
    private static readonly float[,] W3 = { { 1, -1 }, { 0.5f, 2 } };

    [Fact]
    public void Lamp_scores_of_the_two_documented_layers()
    {
        using var a = LampScorer.LayerScores(tensor(new float[] { 1, 2, 3, 4 }));
        Assert.Equal(new[] { 1 / 30.0, 4 / 29.0, 0.36, 1 }, Nets.Doubles(a).Select(x => Math.Round(x, 12)), new RoundedEq(12));
        using var b = LampScorer.LayerScores(tensor(new float[] { 0.5f, -1, 2, -0.1f }));
        Assert.Equal(new[] { 0.047619, 0.2, 1, 0.001901 }, Nets.Doubles(b).Select(x => Math.Round(x, 6)));
    }

    [Fact]
    public void Lamp_breaks_ties_by_flat_index_so_the_first_of_two_equal_weights_scores_lower()
    {
        using var s = LampScorer.LayerScores(tensor(new float[] { 3, -3, 1 }));
        Assert.Equal(new[] { 0.5, 1, 0.052632 }, Nets.Doubles(s).Select(x => Math.Round(x, 6)));
    }

    [Fact]
    public void Global_lamp_at_half_density_gives_the_documented_masks()
    {
        var model = nn.Sequential(("a", nn.Linear(4, 1, hasBias: false)), ("b", nn.Linear(1, 4, hasBias: false)));
        using (no_grad())
        {
            model.get_parameter("a.weight")!.copy_(tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 4));
            model.get_parameter("b.weight")!.copy_(tensor(new float[] { 0.5f, -1, 2, -0.1f }).reshape(4, 1));
        }
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        using var next = Pruner.ScoreAndPrune(new LampScorer(), new ScoringContext(model, prunable, mask, 0), 0.5);
        Assert.Equal(new float[] { 0, 0, 1, 1 }, Nets.Values(next["a.weight"]));
        Assert.Equal(new float[] { 0, 1, 1, 0 }, Nets.Values(next["b.weight"]));
    }

    [Fact]
    public void Lap_scores_of_the_documented_three_layer_chain()
    {
        using var model = Nets.LinearChain(W1, W2, W3);
        var scores = Nets.ScoreDense(new LapScorer(), model, [2]);
        Assert.Equal(new double[] { 5, 20, 0.25, 0.25, 11.25, 0 }, Nets.Doubles(scores[0]));
        Assert.Equal(new double[] { 6.25, 0, 11.25, 100, 2.5, 11.25 }, Nets.Doubles(scores[1]));
        Assert.Equal(new double[] { 2, 5.25, 0.5, 21 }, Nets.Doubles(scores[2]));
    }

    [Fact]
    public void Lap_maps_a_flattened_conv_channel_to_its_h_times_w_linear_inputs()
    {
        using var model = Nets.SmallConvNet(3, bias: false);
        var scores = Nets.ScoreDense(new LapScorer(), model, [1, 6, 6]);
        var c1 = model.get_parameter("c1.weight")!;
        var c2 = model.get_parameter("c2.weight")!;
        var fc = model.get_parameter("fc.weight")!;
        // conv2 filter (o=2, i=1, 0, 0): P = energy of conv1 filter 1, Q = energy of fc columns 8..11 (channel 2 × 2·2).
        double w = c2[2, 1, 0, 0].item<float>();
        double p = c1[1].square().sum().item<float>();
        double q = fc.narrow(1, 8, 4).square().sum().item<float>();
        Assert.Equal(w * w * p * q, scores[1][2, 1, 0, 0].item<double>(), 4);
        // fc (o=0, f=9): P = energy of conv2 filter 9 ÷ 4 = 2, Q = 1 (output layer).
        double v = fc[0, 9].item<float>();
        Assert.Equal(v * v * c2[2].square().sum().item<float>(), scores[2][0, 9].item<double>(), 4);
    }

    [Fact]
    public void Synflow_scores_of_the_documented_two_layer_net()
    {
        using var model = Nets.LinearChain(W1, W2);
        var scores = Nets.ScoreDense(new SynFlowScorer(), model, [2]);
        Assert.Equal(new float[] { 3, 6, 0.5f, 0.5f, 4.5f, 0 }, Nets.Values(scores[0]));
        Assert.Equal(new float[] { 3, 0, 3, 6, 1, 1.5f }, Nets.Values(scores[1]));
        Assert.All(scores, s => Assert.Equal(14.5, s.sum().item<float>(), 4)); // conservation: each layer sums to R
    }

    [Fact]
    public void L1_filter_scores_are_filter_sums_and_filters_go_in_the_documented_order()
    {
        // One conv layer F[3,1,2,2] (the output layer of a chain of one is protected, so add a consumer after it).
        var conv = nn.Conv2d(1, 3, 2, bias: false);
        var model = nn.Sequential(("conv", conv), ("flat", nn.Flatten()), ("fc", nn.Linear(3, 2, hasBias: false)));
        using (no_grad())
            conv.weight!.copy_(tensor(new float[] { 1, -1, 0, 2, 0.5f, 0.5f, 0.5f, -0.5f, 3, 0, 0, 0 }).reshape(3, 1, 2, 2));
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        var scorer = ScorerCatalog.Create("l1-filter");
        Assert.Equal(PruningScope.Structured, scorer.Scope);
        var ctx = new ScoringContext(model, prunable, mask, 0);
        var scores = scorer.Score(ctx);
        Assert.Equal(new double[] { 4, 2, 3 }, Enumerable.Range(0, 3).Select(j => (double)scores[0][j].sum().item<float>()));
        // Filter 1 goes first, then filter 2 ((long)((1−0.6)·3) = 1 and (long)((1−0.3)·3) = 2 filters pruned).
        string Kept(double d)
        {
            using var next = Pruner.ScoreAndPrune(scorer, ctx, d);
            return string.Join("", Enumerable.Range(0, 3).Select(j => next["conv.weight"][j].sum().item<float>() > 0 ? '1' : '0'));
        }
        Assert.Equal("101", Kept(0.6));
        Assert.Equal("100", Kept(0.3));
    }

    private sealed class RoundedEq(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Round(x, digits) == Math.Round(y, digits);
        public int GetHashCode(double obj) => Math.Round(obj, digits).GetHashCode();
    }
}
