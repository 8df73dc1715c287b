using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>How a <see cref="BottleneckResNet"/> turns the image into its first feature map.</summary>
public enum ResNetStem
{
    /// <summary>A 3×3 stride-1 convolution and no max-pool (the CIFAR variant: Paper A's ResNet-50 on CIFAR-100 and Tiny
    /// ImageNet, as its ResNet-18).</summary>
    Cifar,

    /// <summary>torchvision's ImageNet stem: a 7×7 stride-2 convolution, BN, ReLU and a 3×3 stride-2 max-pool.</summary>
    ImageNet,
}

/// <summary>
/// ResNet of bottleneck blocks (He et al. 2016, Table 1) as torchvision builds it (v1.5): stem (<see cref="ResNetStem"/>),
/// stages <c>layer1 … layer4</c> of <see cref="Bottleneck"/>s of width 64/128/256/512 (outputs ×4; every stage after the
/// first halves the resolution), global average pooling and <c>fc</c>. Module names are torchvision's, so weights line up.
/// <see cref="ResNet50"/> with the ImageNet stem has torchvision's 25,557,032 parameters (224×224, 1000 classes); with the
/// CIFAR stem 23,520,842 for 10 classes.
/// </summary>
public sealed class BottleneckResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNormalization _bn1;
    private readonly bool _maxPool;
    private readonly Sequential[] _stages;
    private readonly Linear _fc;

    /// <summary>Builds the network with <paramref name="blocks"/>[k] bottleneck blocks in stage k; weights stay at
    /// TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    public BottleneckResNet(string name, long inputChannels, IReadOnlyList<int> blocks, ResNetStem stem, int classes, Device? device = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count != 4) throw new ArgumentException("A bottleneck ResNet has four stages.", nameof(blocks));
        _conv1 = stem == ResNetStem.ImageNet
            ? nn.Conv2d(inputChannels, 64, 7, stride: 2, padding: 3, bias: false, device: device)
            : nn.Conv2d(inputChannels, 64, 3, stride: 1, padding: 1, bias: false, device: device);
        _bn1 = BatchNormalization.Of2d(64, device);
        _maxPool = stem == ResNetStem.ImageNet;
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        _stages = new Sequential[blocks.Count];
        long channels = 64;
        for (int s = 0; s < blocks.Count; s++)
        {
            long width = 64L << s;
            var stage = nn.Sequential();
            for (int b = 0; b < blocks[s]; b++)
            {
                stage.append(b.ToString(CultureInfo.InvariantCulture), new Bottleneck(channels, width, s > 0 && b == 0 ? 2 : 1, device));
                channels = width * Bottleneck.Expansion;
            }
            _stages[s] = stage;
            register_module($"layer{s + 1}", stage);
        }
        _fc = nn.Linear(channels, classes, device: device);
        register_module("fc", _fc);
    }

    /// <summary>The smallest image side the stem and three stride-2 stages reduce to at least 1×1 without fractions.</summary>
    public static int MinimumImageSize(ResNetStem stem) => stem == ResNetStem.ImageNet ? 32 : 8;

    /// <summary>ResNet-50: 3, 4, 6, 3 bottleneck blocks.</summary>
    public static BottleneckResNet ResNet50(string name, long inputChannels, ResNetStem stem, int classes, Device? device = null) =>
        new(name, inputChannels, [3, 4, 6, 3], stem, classes, device);

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain), PyTorch's default classifier bias, BN γ = 1 and
    /// β = 0, drawn from <paramref name="generator"/> in module order (as every catalog model).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer.
        var x = nn.functional.relu(_bn1.call(_conv1.call(input)), inplace: true);
        if (_maxPool) x = nn.functional.max_pool2d(x, 3, 2, 1);
        foreach (var stage in _stages) x = stage.call(x);
        return _fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
