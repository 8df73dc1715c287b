using Rewind.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Bench;

/// <summary>
/// Multiply-accumulates of one forward pass per example, counted with forward hooks on a real one-example pass:
/// every convolution (output elements × input channels per group × kernel area), every Linear (output elements × input
/// features) and self-attention (the packed q/k/v projection, Q·Kᵀ and the weighted sum of V). Elementwise work (BN,
/// LayerNorm, activations, pooling, softmax) is not counted. A training step costs about 3× the forward pass.
/// </summary>
public static class ForwardMacs
{
    /// <summary>MACs of one forward pass of <paramref name="model"/> on one example of shape <paramref name="inputShape"/>.</summary>
    public static double PerExample(nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        double macs = 0;
        var removers = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    removers.Add(conv.register_forward_hook((_, _, output) =>
                    {
                        var w = conv.weight!;
                        macs += (double)output.numel() * w.shape[1] * w.shape[2] * w.shape[3];
                        return null!;
                    }).remove);
                    break;
                case Linear linear:
                    removers.Add(linear.register_forward_hook((_, _, output) =>
                    {
                        macs += (double)output.numel() * linear.weight!.shape[1];
                        return null!;
                    }).remove);
                    break;
                case MultiheadSelfAttention attention:
                    removers.Add(attention.register_forward_hook((_, input, _) =>
                    {
                        double n = input.shape[0], t = input.shape[1], d = input.shape[2];
                        macs += n * t * d * 3 * d + 2 * n * t * t * d; // in_proj; Q·Kᵀ and A·V over all heads
                        return null!;
                    }).remove);
                    break;
            }
        }
        try
        {
            bool training = model.training;
            model.eval();
            using (no_grad())
            using (var x = zeros([1, .. inputShape]))
            using (var y = model.call(x)) { }
            model.train(training);
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return macs;
    }
}
