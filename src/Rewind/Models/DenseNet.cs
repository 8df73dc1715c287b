using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// The CIFAR DenseNet of Huang et al. (2017, §4 and Table 2), without bottlenecks or compression: a 3×3 convolution to
/// 16 channels, three dense blocks of (L − 4)/3 <see cref="DenseLayer"/>s with growth rate k, separated by transitions
/// (BN → ReLU → 1×1 convolution keeping the channels → 2×2 average pool), then BN → ReLU → global average pool →
/// Linear. DenseNet-40 (k = 12) — SILO prunes it on CIFAR-100 with LAMP — has 1,019,722 parameters for 3×32×32 inputs
/// and 10 classes (Huang et al.: 1.0M), DenseNet-100 (k = 12) 7.0M. Module names follow torchvision's DenseNet
/// (<c>features.conv0</c>, <c>features.denseblock1.denselayer1.norm1</c>, <c>features.transition1.conv</c>,
/// <c>features.norm5</c>, <c>classifier</c>). No dropout (the paper uses 0.2 only without data augmentation).
/// </summary>
public sealed class DenseNet : nn.Module<Tensor, Tensor>
{
    private const int Blocks = 3;

    private readonly Conv2d _conv0;
    private readonly DenseLayer[][] _layers;
    private readonly Sequential[] _transitions;
    private readonly BatchNormalization _norm5;
    private readonly Linear _classifier;

    /// <summary>Builds DenseNet-<paramref name="depth"/> with growth rate <paramref name="growth"/>; weights stay at
    /// TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentException">A depth that is not 3n + 4.</exception>
    public DenseNet(string name, long inputChannels, int depth, int growth, int classes, Device? device = null) : base(name)
    {
        if (depth < 7 || (depth - 4) % Blocks != 0) throw new ArgumentException("A DenseNet depth is 3n + 4 (40, 100, ...).", nameof(depth));
        int layers = (depth - 4) / Blocks;
        var features = new Features();
        long channels = 16; // Huang et al.: 16 initial channels for the networks without bottleneck
        _conv0 = nn.Conv2d(inputChannels, channels, 3, padding: 1, bias: false, device: device);
        features.Add("conv0", _conv0);
        _layers = new DenseLayer[Blocks][];
        _transitions = new Sequential[Blocks - 1];
        for (int b = 0; b < Blocks; b++)
        {
            var block = nn.Sequential();
            _layers[b] = new DenseLayer[layers];
            for (int l = 0; l < layers; l++)
            {
                _layers[b][l] = new DenseLayer(channels + (long)l * growth, growth, device);
                block.append("denselayer" + (l + 1).ToString(CultureInfo.InvariantCulture), _layers[b][l]);
            }
            features.Add($"denseblock{b + 1}", block);
            channels += (long)layers * growth;
            if (b == Blocks - 1) break;
            _transitions[b] = nn.Sequential(
                ("norm", BatchNormalization.Of2d(channels, device)),
                ("relu", nn.ReLU(inplace: true)),
                ("conv", nn.Conv2d(channels, channels, 1, bias: false, device: device)),
                ("pool", nn.AvgPool2d(2, stride: 2)));
            features.Add($"transition{b + 1}", _transitions[b]);
        }
        _norm5 = BatchNormalization.Of2d(channels, device);
        features.Add("norm5", _norm5);
        register_module("features", features);
        _classifier = nn.Linear(channels, classes, device: device);
        register_module("classifier", _classifier);
    }

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain), PyTorch's default classifier bias, BN γ = 1 and
    /// β = 0, drawn from <paramref name="generator"/> in module order (as every catalog model).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = _conv0.call(input); // call, not forward: module hooks see every layer
        for (int b = 0; b < Blocks; b++)
        {
            var maps = new List<Tensor> { x };
            foreach (var layer in _layers[b])
                maps.Add(layer.call(maps.Count == 1 ? maps[0] : cat(maps, 1)));
            x = cat(maps, 1);
            if (b < Blocks - 1) x = _transitions[b].call(x);
        }
        x = nn.functional.relu(_norm5.call(x), inplace: true);
        return _classifier.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }

    /// <summary>A container that only holds named children: torchvision's <c>features</c>, whose blocks this class calls itself.</summary>
    private sealed class Features() : nn.Module("features")
    {
        public void Add(string name, nn.Module child) => register_module(name, child);
    }
}
