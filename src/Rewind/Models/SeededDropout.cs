using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014, as <c>nn.Dropout</c>): in training mode every element is zeroed with
/// probability p and the rest scaled by 1/(1 − p); in evaluation mode the identity. The Bernoulli draws come from
/// <see cref="StochasticLayers"/>, so they are a function of the run's seed, level and step. No parameters, so the
/// module names of the model around it stay torchvision's.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _p;

    /// <summary>Dropout with drop probability <paramref name="p"/> (0 ≤ p &lt; 1).</summary>
    public SeededDropout(double p) : base(nameof(SeededDropout))
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout needs 0 ≤ p < 1.");
        _p = p;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!training || _p == 0) return input.alias();
        using var generator = StochasticLayers.Next(input.device);
        using var keep = empty_like(input).bernoulli_(1 - _p, generator);
        using Scalar kept = 1 - _p;
        return input.mul(keep).div_(kept);
    }
}
