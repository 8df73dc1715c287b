using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// VGG with BatchNorm for CIFAR as Frankle &amp; Carbin (open_lth <c>cifar_vgg_N</c>), SILO and Paper A use it: a
/// <c>layers</c> sequence of 3×3 conv(+bias) → BN → ReLU modules and 2×2 max-pools, global average pooling (the 2×2
/// map left from a 32×32 input, as open_lth's <c>AvgPool2d(2)</c>) and <c>fc</c> = Linear(512, classes). Module names
/// as open_lth (<c>layers.0.conv</c>, <c>layers.0.bn</c>, <c>layers.2</c> a pool, …, <c>fc</c>).
/// </summary>
public sealed class Vgg : nn.Module<Tensor, Tensor>
{
    /// <summary>The VGG-19 plan: widths, with 0 standing for a 2×2 max-pool ('M').</summary>
    public static IReadOnlyList<int> Vgg19Plan { get; } =
        [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512];

    /// <summary>The VGG-16 plan (configuration D of Simonyan &amp; Zisserman 2015; open_lth's <c>cifar_vgg_16</c>).</summary>
    public static IReadOnlyList<int> Vgg16Plan { get; } =
        [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512];

    private readonly Sequential _layers;
    private readonly Linear _fc;

    /// <summary>Builds the network for <paramref name="plan"/> (widths; 0 = max-pool); weights stay at TorchSharp's
    /// defaults until <see cref="Initialize"/>.</summary>
    public Vgg(string name, long inputChannels, IReadOnlyList<int> plan, int classes, Device? device = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _layers = nn.Sequential();
        long channels = inputChannels;
        for (int i = 0; i < plan.Count; i++)
        {
            string key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (plan[i] == 0)
            {
                _layers.append(key, nn.MaxPool2d(2, stride: 2));
            }
            else
            {
                _layers.append(key, new VggConvModule(channels, plan[i], device));
                channels = plan[i];
            }
        }
        register_module("layers", _layers);
        _fc = nn.Linear(channels, classes, device: device);
        register_module("fc", _fc);
    }

    /// <summary>VGG-19 (16 conv layers + fc): 20,040,522 parameters for 3×32×32 inputs and 10 classes, 20,024,000 of
    /// them prunable (open_lth's count).</summary>
    public static Vgg Vgg19(long inputChannels, int classes, Device? device = null) =>
        new("vgg-19", inputChannels, Vgg19Plan, classes, device);

    /// <summary>VGG-16 with BN (13 conv layers + fc), the CIFAR-10 network of Paper A's Fig. 17: 14,728,266 parameters
    /// for 3×32×32 inputs and 10 classes, 14,715,584 of them prunable.</summary>
    public static Vgg Vgg16(long inputChannels, int classes, Device? device = null) =>
        new("vgg-16", inputChannels, Vgg16Plan, classes, device);

    /// <summary>The number of 2×2 max-pools in the plan; inputs must be at least 2^pools pixels high and wide.</summary>
    public static int Pools(IReadOnlyList<int> plan) => plan?.Count(w => w == 0) ?? 0;

    /// <summary>Seeded Kaiming-normal initialisation (fan-in, ReLU gain) of every conv and linear weight, PyTorch's
    /// default for biases, BN γ = 1 and β = 0, drawn from <paramref name="generator"/> in module order.</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer; the arithmetic is the same.
        var x = _layers.call(input);
        return _fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }
}
