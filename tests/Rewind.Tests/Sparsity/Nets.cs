using Rewind.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Tests.Sparsity;

/// <summary>Small hand-built networks with chosen weights for scorer tests.</summary>
internal static class Nets
{
    /// <summary>A bias-free ReLU chain of Linear layers with the given weights ([out, in] each).</summary>
    public static Sequential LinearChain(params float[][,] weights)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            var lin = nn.Linear(w.GetLength(1), w.GetLength(0), hasBias: false);
            using (no_grad()) using (var t = tensor(w)) lin.weight!.copy_(t);
            modules.Add(($"fc{i + 1}", lin));
            if (i < weights.Length - 1) modules.Add(($"relu{i + 1}", nn.ReLU()));
        }
        return nn.Sequential(modules.ToArray());
    }

    /// <summary>
    /// conv(1→4, 3×3) → ReLU → conv(4→6, 3×3) → ReLU → flatten → linear(24 → 3), for 1×6×6 inputs; seeded weights
    /// and biases.
    /// </summary>
    public static Sequential SmallConvNet(long seed, bool bias = true)
    {
        var net = nn.Sequential(
            ("c1", nn.Conv2d(1, 4, 3, bias: bias)), ("r1", nn.ReLU()),
            ("c2", nn.Conv2d(4, 6, 3, bias: bias)), ("r2", nn.ReLU()),
            ("flat", nn.Flatten()), ("fc", nn.Linear(24, 3, hasBias: bias)));
        using var g = new Generator((ulong)seed, CPU);
        using (no_grad())
            foreach (var p in net.parameters())
                using (var r = randn(p.shape, generator: g))
                    p.copy_(r.mul_(0.5));
        return net;
    }

    /// <summary>Float values of a tensor, flattened.</summary>
    public static float[] Values(Tensor t)
    {
        using var f = t.detach().to(ScalarType.Float32).contiguous().flatten();
        return f.data<float>().ToArray();
    }

    /// <summary>Double values of a tensor, flattened.</summary>
    public static double[] Doubles(Tensor t)
    {
        using var f = t.detach().to(ScalarType.Float64).contiguous().flatten();
        return f.data<double>().ToArray();
    }

    /// <summary>Random batches of inputs of <paramref name="shape"/> and labels in [0, classes).</summary>
    public static Func<int, IEnumerable<(Tensor, Tensor)>> RandomBatches(long[] shape, int classes, long seed, int batchSize = 16) =>
        n =>
        {
            using var g = new Generator((ulong)seed, CPU);
            return Enumerable.Range(0, n).Select(_ => (randn([batchSize, .. shape], generator: g), randint(classes, [batchSize], generator: g))).ToList();
        };

    /// <summary>Scores with <paramref name="scorer"/> on <paramref name="model"/> with everything kept.</summary>
    public static IReadOnlyList<Tensor> ScoreDense(IScorer scorer, nn.Module<Tensor, Tensor> model, long[] inputShape, int classes = 3)
    {
        var prunable = Prunable.Of(model);
        using var mask = MaskSet.AllOnes(prunable);
        return scorer.Score(new ScoringContext(model, prunable, mask, 7, RandomBatches(inputShape, classes, 11), inputShape));
    }
}
