using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// The CIFAR AlexNet of SILO's appendix (Liu et al. 2023, Table 15, Figs. 5: AlexNet without BatchNorm), exactly as in
/// SILO's code (<c>archs/cifar10/AlexNet.py</c>, torchvision's AlexNet with a 3×3 stride-2 first convolution): convolutions
/// 64 (3×3, stride 2, padding 2) → max-pool 3/2 → 192 (5×5) → max-pool → 384, 256, 256 (3×3) → max-pool, ReLU after each
/// convolution, adaptive average pooling to 6×6 (a 32×32 image reaches it as 1×1, so the pool repeats it), then
/// dropout 0.5 → Linear(9216, 4096) → ReLU → dropout → Linear(4096, 4096) → ReLU → Linear(4096, classes). Module names
/// as torchvision (<c>features.0 … features.10</c>, <c>classifier.1, .4, .6</c>). 57,023,306 parameters for 3×32×32
/// inputs and 10 classes, 57,013,952 of them prunable weights. Dropout is <see cref="SeededDropout"/>: its masks are a
/// function of (seed, level, step).
/// </summary>
public sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Smallest image side the stride-2 convolution and the three 3/2 max-pools accept (27 → 15 → 7 → 3 → 1).</summary>
    public const int MinimumImageSize = 27;

    private readonly Sequential _features;
    private readonly Sequential _classifier;

    /// <summary>Builds the network for <paramref name="inputChannels"/>-channel images; weights stay at TorchSharp's
    /// defaults until <see cref="Initialize"/>.</summary>
    public AlexNet(string name, long inputChannels, int classes, Device? device = null) : base(name)
    {
        _features = nn.Sequential(
            ("0", nn.Conv2d(inputChannels, 64, 3, stride: 2, padding: 2, device: device)),
            ("1", nn.ReLU(inplace: true)),
            ("2", nn.MaxPool2d(3, stride: 2)),
            ("3", nn.Conv2d(64, 192, 5, padding: 2, device: device)),
            ("4", nn.ReLU(inplace: true)),
            ("5", nn.MaxPool2d(3, stride: 2)),
            ("6", nn.Conv2d(192, 384, 3, padding: 1, device: device)),
            ("7", nn.ReLU(inplace: true)),
            ("8", nn.Conv2d(384, 256, 3, padding: 1, device: device)),
            ("9", nn.ReLU(inplace: true)),
            ("10", nn.Conv2d(256, 256, 3, padding: 1, device: device)),
            ("11", nn.ReLU(inplace: true)),
            ("12", nn.MaxPool2d(3, stride: 2)));
        _classifier = nn.Sequential(
            ("0", new SeededDropout(0.5)),
            ("1", nn.Linear(256 * 6 * 6, 4096, device: device)),
            ("2", nn.ReLU(inplace: true)),
            ("3", new SeededDropout(0.5)),
            ("4", nn.Linear(4096, 4096, device: device)),
            ("5", nn.ReLU(inplace: true)),
            ("6", nn.Linear(4096, classes, device: device)));
        register_module("features", _features);
        register_module("classifier", _classifier);
    }

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain) and PyTorch's default biases, drawn from
    /// <paramref name="generator"/> in module order (as every catalog model).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // Sequential invokes its children through call, so module hooks see every layer.
        var x = _features.call(input);
        x = nn.functional.adaptive_avg_pool2d(x, [6, 6]).flatten(1);
        return _classifier.call(x);
    }
}
