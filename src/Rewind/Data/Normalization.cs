using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>The per-dataset input standardisation: pixels scaled to [0,1], then (x - Mean) / Std.</summary>
/// <param name="Mean">The conventional mean of the [0,1]-scaled training pixels.</param>
/// <param name="Std">The conventional standard deviation of the [0,1]-scaled training pixels.</param>
public sealed record Normalization(double Mean, double Std)
{
    /// <summary>MNIST's conventional pixel statistics (0.1307, 0.3081).</summary>
    public static Normalization Mnist { get; } = new(0.1307, 0.3081);

    /// <summary>Fashion-MNIST's conventional pixel statistics (0.2860, 0.3530).</summary>
    public static Normalization FashionMnist { get; } = new(0.2860, 0.3530);

    /// <summary>The identity (mean 0, std 1), for data generated already standardised.</summary>
    public static Normalization None { get; } = new(0.0, 1.0);

    /// <summary>Turns unsigned-byte pixels into a float32 tensor of the given shape, scaled to [0,1] and standardised.</summary>
    public Tensor FromBytes(byte[] pixels, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var scope = torch.NewDisposeScope();
        var raw = torch.tensor(pixels, shape, dtype: ScalarType.Byte);
        var x = raw.to_type(ScalarType.Float32);
        // (p/255 - mean)/std as a single multiply-add, in place on the fresh float tensor.
        using Scalar scale = 1.0 / (255.0 * Std), shift = Mean / Std;
        x.mul_(scale).sub_(shift);
        return x.MoveToOuterDisposeScope();
    }
}
