using Rewind.Export;
using Rewind.Models;
using Rewind.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Tests.Export;

/// <summary>A pruned catalog model with every kind of removable unit, built without training (seeded).</summary>
internal sealed class PrunedModel : IDisposable
{
    public required nn.Module<Tensor, Tensor> Model { get; init; }
    public required Dictionary<string, Tensor> Masks { get; init; }
    public required long[] InputShape { get; init; }
    public required string Name { get; init; }
    public int Classes { get; init; } = 10;

    public NetworkGraph Graph() => GraphBuilder.FromModel(Model, Name, InputShape, Classes, Masks);

    /// <summary>Logits of the live (masked) model in eval mode.</summary>
    public float[] Logits(Tensor x)
    {
        Model.eval();
        using var noGrad = no_grad();
        using var y = Model.forward(x);
        return y.data<float>().ToArray();
    }

    /// <summary>
    /// <paramref name="name"/> from the catalog with random masks of about <paramref name="density"/>, BN running
    /// statistics drawn at random, and in every prunable layer but the classifier: units 0 and 2 with no incoming
    /// weight (unit 0 emitting a positive constant, unit 2 zero) and input 1 of the next layer cut (unit 1 unused).
    /// </summary>
    public static PrunedModel Create(string name, long[] inputShape, double density, int seed = 7)
    {
        var model = ModelCatalog.Create(name, inputShape, 10, seed);
        var prunable = Prunable.Of(model);
        using var gen = new Generator((ulong)seed + 1, CPU);
        var masks = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        {
            for (int i = 0; i < prunable.Count; i++)
            {
                var w = prunable[i].Parameter;
                var mask = rand(w.shape, generator: gen).lt(density).to(ScalarType.Float32);
                if (i < prunable.Count - 1)
                {
                    mask[0].zero_();
                    mask[2].zero_();
                }
                if (i > 0 && w.shape[1] > 2 && w.shape[1] == prunable[i - 1].Parameter.shape[0]) mask[.., 1].zero_();
                w.mul_(mask);
                masks[prunable[i].Name] = mask.DetachFromDisposeScope();
            }
            foreach (var (modName, module) in ModuleOrder.DepthFirst(model))
            {
                switch (module)
                {
                    case BatchNorm bn:
                        bn.running_mean!.copy_(randn(bn.running_mean.shape, generator: gen).mul_(0.1));
                        bn.running_var!.copy_(rand(bn.running_var.shape, generator: gen).add_(0.5));
                        bn.weight!.copy_(rand(bn.weight.shape, generator: gen).add_(0.5));
                        bn.bias!.copy_(randn(bn.bias.shape, generator: gen).mul_(0.1));
                        bn.bias[0] = 0.5f;  // unit 0: positive constant after ReLU
                        bn.bias[2] = -5f;   // unit 2: constant 0 after ReLU
                        break;
                    case Linear l when l.bias is not null:
                        l.bias[0] = 0.3f;
                        if (l.bias.shape[0] > 2) l.bias[2] = -0.3f;
                        break;
                }
            }
        }
        model.eval();
        return new PrunedModel { Model = model, Masks = masks, InputShape = inputShape, Name = name };
    }

    public void Dispose()
    {
        foreach (var m in Masks.Values) m.Dispose();
        Model.Dispose();
    }
}

internal static class Close
{
    /// <summary>Largest absolute difference of two arrays of the same length.</summary>
    public static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }
}
