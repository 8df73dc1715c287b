using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// A small CNN for CPU studies and tests (<c>conv-&lt;c1&gt;-&lt;c2&gt;…</c>): per listed width one 3×3 convolution
/// (padding 1, no bias) → BN → ReLU → 2×2 max-pool, named <c>conv1, bn1, conv2, bn2, …</c>, then the flattened map
/// into <c>fc</c>. <c>conv-16-32</c> on 3×32×32 inputs trains a step of 128 images in tens of milliseconds.
/// </summary>
public sealed class ConvNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d[] _convs;
    private readonly BatchNormalization[] _bns;
    private readonly Linear _fc;

    /// <summary>Builds the network for inputs of shape <paramref name="inputShape"/> = [C, H, W]; weights stay at
    /// TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentException">The input is too small for one 2×2 pool per layer.</exception>
    public ConvNet(string name, IReadOnlyList<long> inputShape, IReadOnlyList<int> widths, int classes, Device? device = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(widths);
        if (inputShape.Count != 3) throw new ArgumentException("ConvNet needs [channels, height, width] inputs.", nameof(inputShape));
        long channels = inputShape[0], h = inputShape[1], w = inputShape[2];
        _convs = new Conv2d[widths.Count];
        _bns = new BatchNormalization[widths.Count];
        for (int i = 0; i < widths.Count; i++)
        {
            _convs[i] = nn.Conv2d(channels, widths[i], 3, padding: 1, bias: false, device: device);
            _bns[i] = BatchNormalization.Of2d(widths[i], device);
            register_module($"conv{i + 1}", _convs[i]);
            register_module($"bn{i + 1}", _bns[i]);
            channels = widths[i];
            h /= 2;
            w /= 2;
        }
        if (h < 1 || w < 1)
            throw new ArgumentException(
                $"Inputs of {inputShape[1]}×{inputShape[2]} pixels are too small for {widths.Count} 2×2 pools.", nameof(inputShape));
        _fc = nn.Linear(channels * h * w, classes, device: device);
        register_module("fc", _fc);
    }

    /// <summary>Seeded Kaiming-normal initialisation (fan-in, ReLU gain) of every conv and linear weight, PyTorch's
    /// default for the classifier bias, BN γ = 1 and β = 0, drawn from <paramref name="generator"/> in module order.</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _convs.Length; i++)
        {
            // call, not forward: module hooks (NetworkProbe) see every layer; the arithmetic is the same.
            var y = nn.functional.relu(_bns[i].call(_convs[i].call(x)), inplace: true);
            x = nn.functional.max_pool2d(y, 2, 2);
        }
        return _fc.call(x.flatten(1));
    }
}
