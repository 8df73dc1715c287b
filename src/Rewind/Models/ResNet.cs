using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// A CIFAR-style ResNet of basic blocks: a 3×3 stem convolution (stride 1, no max-pool) with BN and ReLU, stages
/// <c>layer1 … layerN</c> of <see cref="BasicBlock"/>s (every stage after the first halves the resolution), global
/// average pooling and a linear classifier <c>fc</c>. Module names follow torchvision (<c>conv1, bn1, layerK.I.conv1,
/// …, layerK.0.downsample.0, fc</c>) so weights line up with PyTorch code; convolutions have no bias.
/// <see cref="ResNet20"/> is He et al. (2016)'s CIFAR network, <see cref="ResNet18"/> the CIFAR variant Paper A uses.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNormalization _bn1;
    private readonly Sequential[] _stages;
    private readonly Linear _fc;

    /// <summary>Builds a ResNet with <paramref name="blocks"/>[k] blocks of width <paramref name="widths"/>[k] in stage k
    /// (the stem has width <paramref name="widths"/>[0]); weights stay at TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="inputChannels">Channels of the input images (3 for CIFAR, 1 for Fashion-MNIST).</param>
    /// <param name="widths">Channels of each stage.</param>
    /// <param name="blocks">Basic blocks in each stage.</param>
    /// <param name="shortcut">How blocks that change shape carry their input.</param>
    /// <param name="classes">Outputs of the classifier.</param>
    /// <param name="device">Where to allocate the parameters (null = CPU; <c>torch.META</c> to count them for free).</param>
    public ResNet(string name, long inputChannels, IReadOnlyList<int> widths, IReadOnlyList<int> blocks,
        ResNetShortcut shortcut, int classes, Device? device = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(blocks);
        if (widths.Count == 0 || widths.Count != blocks.Count)
            throw new ArgumentException("Need one width and one block count per stage.");
        _conv1 = nn.Conv2d(inputChannels, widths[0], 3, stride: 1, padding: 1, bias: false, device: device);
        _bn1 = BatchNormalization.Of2d(widths[0], device);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        _stages = new Sequential[widths.Count];
        long channels = widths[0];
        for (int s = 0; s < widths.Count; s++)
        {
            var stage = nn.Sequential();
            for (int b = 0; b < blocks[s]; b++)
            {
                long stride = s > 0 && b == 0 ? 2 : 1;
                stage.append(b.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new BasicBlock(channels, widths[s], stride, shortcut, device));
                channels = widths[s];
            }
            _stages[s] = stage;
            register_module($"layer{s + 1}", stage);
        }
        _fc = nn.Linear(channels, classes, device: device);
        register_module("fc", _fc);
    }

    /// <summary>ResNet-20 for CIFAR (He et al. 2016 §4.2): widths 16/32/64, 3 blocks per stage, 19 convolutions +
    /// <c>fc</c>. With <see cref="ResNetShortcut.ZeroPadIdentity"/> (option A, the paper's and SILO's) it has
    /// 269,722 parameters for 3×32×32 inputs and 10 classes, 268,336 of them prunable; with
    /// <see cref="ResNetShortcut.Projection"/> (open_lth, Paper A's code) 272,474, 270,896 prunable.</summary>
    public static ResNet ResNet20(long inputChannels, int classes, ResNetShortcut shortcut, Device? device = null) =>
        new(shortcut == ResNetShortcut.Projection ? "resnet-20-b" : "resnet-20", inputChannels, [16, 32, 64], [3, 3, 3],
            shortcut, classes, device);

    /// <summary>ResNet-18, CIFAR variant (3×3 stem, no max-pool; Paper A): widths 64/128/256/512, 2 blocks per stage,
    /// projection shortcuts. 11,173,962 parameters for 3×32×32 inputs and 10 classes; 11,164,352 prunable, the same
    /// count as Paper A's code, whose bias-free 1×1-conv classifier has as many weights as this <c>fc</c>.</summary>
    public static ResNet ResNet18(long inputChannels, int classes, Device? device = null) =>
        new("resnet-18", inputChannels, [64, 128, 256, 512], [2, 2, 2, 2], ResNetShortcut.Projection, classes, device);

    /// <summary>Seeded Kaiming-normal initialisation (fan-in, ReLU gain) of every conv and linear weight, PyTorch's
    /// default for the classifier bias, BN γ = 1 and β = 0, drawn from <paramref name="generator"/> in module order.</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer; the arithmetic is the same.
        var x = nn.functional.relu(_bn1.call(_conv1.call(input)), inplace: true);
        foreach (var stage in _stages) x = stage.call(x);
        var pooled = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return _fc.call(pooled);
    }
}
