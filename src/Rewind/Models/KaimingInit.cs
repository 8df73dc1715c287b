using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// The seeded initialisation every catalog model shares (ALGORITHMS.md §5.1, as <see cref="FullyConnected.Initialize"/>):
/// Conv/Linear weights Kaiming-normal with fan-in and ReLU gain, N(0, 2/fan_in); their biases, where present, PyTorch's
/// default U(−1/√fan_in, 1/√fan_in); BatchNorm γ = 1, β = 0 and fresh running statistics. Layers are visited in module
/// order (depth-first, as PyTorch lists them) and each draws weight then bias from the one generator, so the seed alone fixes θ(0).
/// </summary>
internal static class KaimingInit
{
    public static void Apply(nn.Module model, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in ModuleOrder.DepthFirst(model))
        {
            switch (module)
            {
                case Conv2d conv:
                    Fill(conv.weight!, conv.bias, generator);
                    break;
                case Linear linear:
                    Fill(linear.weight!, linear.bias, generator);
                    break;
                case BatchNorm bn: // 1-d and 2-d (Models.BatchNormalization and TorchSharp's own)
                    bn.weight?.fill_(Scalars.One);
                    bn.bias?.zero_();
                    bn.running_mean?.zero_();
                    bn.running_var?.fill_(Scalars.One);
                    bn.num_batches_tracked?.zero_();
                    break;
            }
        }
    }

    /// <summary>One Conv or Linear layer: Kaiming-normal weight, then (if present) PyTorch's default bias, from <paramref name="generator"/>.</summary>
    public static void Fill(Parameter weight, Parameter? bias, Generator generator)
    {
        long fanIn = weight.numel() / weight.shape[0];
        using Scalar gain = Math.Sqrt(2.0 / fanIn);
        using (var w = randn(weight.shape, generator: generator))
            weight.copy_(w.mul_(gain));
        if (bias is not null) Uniform(bias, 1.0 / Math.Sqrt(fanIn), generator);
    }

    /// <summary>Fills <paramref name="target"/> with U(−<paramref name="bound"/>, <paramref name="bound"/>): one <c>rand</c> of its shape from <paramref name="generator"/>.</summary>
    public static void Uniform(Tensor target, double bound, Generator generator)
    {
        using Scalar width = 2 * bound, shift = bound;
        using var u = rand(target.shape, generator: generator);
        target.copy_(u.mul_(width).sub_(shift));
    }
}
