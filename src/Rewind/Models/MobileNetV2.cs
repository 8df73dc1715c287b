using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// MobileNetV2 (Sandler et al. 2018) as torchvision builds it — a 3×3 stem of 32 channels, 17 inverted residual blocks
/// (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), a 1×1 convolution to
/// 1280 channels, global average pooling, dropout 0.2 and <c>classifier.1</c> = Linear(1280, classes), channels scaled
/// by the width multiplier and rounded to multiples of 8 — in the usual CIFAR variant (SILO prunes it on CIFAR-100):
/// the stem and the 24-channel stage use stride 1 instead of 2, so a 32×32 image ends at 4×4 rather than 1×1. Strides
/// hold no parameters, so the count equals torchvision's: 3,504,872 at width 1.0 and 1000 classes. Module names as
/// torchvision (<c>features.0.0</c>, <c>features.1.conv.0.0</c>, …, <c>features.18.0</c>, <c>classifier.1</c>).
/// Dropout is <see cref="SeededDropout"/>: its masks are a function of (seed, level, step).
/// </summary>
public sealed class MobileNetV2 : nn.Module<Tensor, Tensor>
{
    /// <summary>The blocks as (expansion t, channels c, repeats n, stride s) in the CIFAR variant (second stage stride 1).</summary>
    public static IReadOnlyList<(int T, int C, int N, int S)> CifarSetting { get; } =
        [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    /// <summary>Smallest image side that keeps three stride-2 stages at least 1×1 with an integer halving (8 → 1).</summary>
    public const int MinimumImageSize = 8;

    private readonly Sequential _features;
    private readonly Sequential _classifier;

    /// <summary>Builds the CIFAR variant at width <paramref name="widthMultiplier"/>; weights stay at TorchSharp's defaults
    /// until <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A width multiplier that is not positive.</exception>
    public MobileNetV2(string name, long inputChannels, int classes, double widthMultiplier = 1.0, Device? device = null) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthMultiplier);
        long channels = MakeDivisible(32 * widthMultiplier);
        long last = MakeDivisible(1280 * Math.Max(1.0, widthMultiplier));
        _features = nn.Sequential();
        int index = 0;
        _features.append(Key(index++), ConvBnReLU6(inputChannels, channels, 3, 1, 1, device));
        foreach (var (t, c, n, s) in CifarSetting)
        {
            long output = MakeDivisible(c * widthMultiplier);
            for (int i = 0; i < n; i++)
            {
                _features.append(Key(index++), new InvertedResidual(channels, output, i == 0 ? s : 1, t, device));
                channels = output;
            }
        }
        _features.append(Key(index), ConvBnReLU6(channels, last, 1, 1, 1, device));
        _classifier = nn.Sequential(("0", new SeededDropout(0.2)), ("1", nn.Linear(last, classes, device: device)));
        register_module("features", _features);
        register_module("classifier", _classifier);
    }

    /// <summary>torchvision's <c>_make_divisible(v, 8)</c>: <paramref name="value"/> rounded to the nearest multiple of 8,
    /// at least 8 and never more than 10 % below <paramref name="value"/>.</summary>
    public static long MakeDivisible(double value)
    {
        const int divisor = 8;
        long rounded = Math.Max(divisor, (long)(value + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain; for a depthwise filter fan-in is its 9 taps), PyTorch's
    /// default classifier bias, BN γ = 1 and β = 0, drawn from <paramref name="generator"/> in module order (torchvision
    /// uses fan-out and N(0, 0.01) for the classifier; Rewind initialises every model alike).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = _features.call(input); // Sequential and the blocks invoke their children through call: hooks see every layer
        return _classifier.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }

    /// <summary>torchvision's <c>Conv2dNormActivation</c>: <c>0</c> = conv (no bias, padding (k−1)/2), <c>1</c> = BN, <c>2</c> = ReLU6.</summary>
    internal static Sequential ConvBnReLU6(long inChannels, long outChannels, long kernel, long stride, long groups, Device? device) =>
        nn.Sequential(
            ("0", nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false, device: device)),
            ("1", BatchNormalization.Of2d(outChannels, device)),
            ("2", nn.ReLU6(inplace: true)));

    private static string Key(int i) => i.ToString(CultureInfo.InvariantCulture);
}
