using System.Globalization;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Models by name: the fully connected family (<c>lenet-300-100</c>, <c>fc-&lt;width&gt;x&lt;depth&gt;</c>, with BatchNorm
/// <c>fc-&lt;width&gt;x&lt;depth&gt;-bn</c>), Frankle &amp; Carbin's <c>conv-2</c>, <c>conv-4</c>, <c>conv-6</c>, the small
/// CNN family <c>conv-&lt;c1&gt;-&lt;c2&gt;…</c>, and the networks of both papers (<c>alexnet</c>, <c>resnet-20</c>,
/// <c>resnet-20-b</c>, <c>resnet-18</c>, <c>resnet-50</c>, <c>resnet-50-imagenet</c>, <c>vgg-16</c>, <c>vgg-19</c>,
/// <c>mobilenet-v2[-width]</c>, <c>densenet-&lt;depth&gt;</c>, <c>vit-b-16</c>, <c>vit-tiny</c>). Every model is built for
/// the dataset's example shape and class count and initialised from the run's seed.
/// </summary>
public static partial class ModelCatalog
{
    /// <summary>The model families, for help text and <c>rewind models</c>.</summary>
    public static IReadOnlyList<ModelInfo> Families { get; } =
    [
        new("lenet-300-100", "LeNet-300-100: fully connected 300-100 ReLU MLP (Frankle & Carbin 2019)"),
        new("fc-<width>x<depth>", "fully connected ReLU MLP with <depth> hidden layers of <width> units, e.g. fc-256x3 (SILO Fig. 1)"),
        new("fc-<width>x<depth>-bn", "the same with BatchNorm before every hidden ReLU, e.g. fc-256x3-bn (SILO Figs. 4, 9)"),
        new("conv-2, conv-4, conv-6", "Frankle & Carbin 2019 Fig. 2: 64,64,pool | 128,128,pool | 256,256,pool 3x3 convs (ReLU, no BN), then fc 256, 256, classes"),
        new("conv-<c1>-<c2>...", "small CNN for CPU work: per width a 3x3 conv + BN + ReLU + 2x2 max-pool, then fc; 1-6 layers, e.g. conv-16-32 (conv-2/4/6 are Frankle & Carbin's)"),
        new("alexnet", "AlexNet for CIFAR as in SILO's code (3x3 stride-2 first conv, no BN, dropout 0.5, fc 4096-4096), 57.0 M"),
        new("resnet-20", "ResNet-20 for CIFAR (He et al. 2016; SILO): 16/32/64 x 3 basic blocks, zero-padding (option A) shortcuts, 0.27 M"),
        new("resnet-20-b", "ResNet-20 with 1x1-conv + BN projection shortcuts (open_lth, Paper A's code)"),
        new("resnet-18", "ResNet-18, CIFAR variant (3x3 stem, no max-pool; Paper A): 64-512 x 2 basic blocks, 11.2 M"),
        new("resnet-50", "ResNet-50, CIFAR stem (3x3 conv, no max-pool; Paper A on CIFAR-100 / Tiny ImageNet): torchvision bottlenecks, 23.5 M"),
        new("resnet-50-imagenet", "ResNet-50 with torchvision's ImageNet stem (7x7/2 conv + max-pool; Paper A, SILO Table 6), 25.6 M at 1000 classes"),
        new("vgg-16", "VGG-16 with BatchNorm for CIFAR (Paper A Fig. 17): 13 conv layers, avg-pool, Linear(512, classes), 14.7 M"),
        new("vgg-19", "VGG-19 with BatchNorm for CIFAR (Frankle & Carbin, SILO): 16 conv layers, avg-pool, Linear(512, classes), 20.0 M"),
        new("mobilenet-v2[-<width>]", "MobileNetV2 (torchvision), CIFAR strides (SILO Table 5), width multiplier e.g. mobilenet-v2-0.5; 2.2 M at width 1"),
        new("densenet-<depth>", "DenseNet for CIFAR, growth rate k = 12, no bottleneck (Huang et al. 2017; SILO Table 4): densenet-40 1.0 M, densenet-100 7.0 M"),
        new("vit-b-16", "ViT-B/16 (Dosovitskiy et al. 2021; SILO Table 7), torchvision layout, GELU; 86.6 M at 224x224 and 1000 classes"),
        new("vit-tiny", "small ViT for CPU work: 4x4 patches, 6 blocks of width 192 (3 heads, MLP 768); 2.7 M on CIFAR-10"),
    ];

    /// <summary>Concrete models with the data each is meant for (<c>rewind models</c>, the speed table).</summary>
    public static IReadOnlyList<ModelExample> ExampleSettings { get; } =
    [
        new("lenet-300-100", "Fashion-MNIST", [1, 28, 28], 10),
        new("fc-1000x2", "Fashion-MNIST", [1, 28, 28], 10),
        new("fc-256x3", "CIFAR-10", [3, 32, 32], 10),
        new("fc-256x3-bn", "CIFAR-10", [3, 32, 32], 10),
        new("conv-2", "CIFAR-10", [3, 32, 32], 10),
        new("conv-4", "CIFAR-10", [3, 32, 32], 10),
        new("conv-6", "CIFAR-10", [3, 32, 32], 10),
        new("conv-16-32", "CIFAR-10", [3, 32, 32], 10),
        new("alexnet", "CIFAR-10", [3, 32, 32], 10),
        new("resnet-20", "CIFAR-10", [3, 32, 32], 10),
        new("resnet-20-b", "CIFAR-10", [3, 32, 32], 10),
        new("resnet-18", "CIFAR-10", [3, 32, 32], 10),
        new("resnet-50", "CIFAR-100", [3, 32, 32], 100),
        new("resnet-50", "Tiny ImageNet", [3, 64, 64], 200),
        new("resnet-50-imagenet", "ImageNet", [3, 224, 224], 1000),
        new("vgg-16", "CIFAR-10", [3, 32, 32], 10),
        new("vgg-19", "CIFAR-10", [3, 32, 32], 10),
        new("mobilenet-v2", "CIFAR-100", [3, 32, 32], 100),
        new("mobilenet-v2-0.5", "CIFAR-100", [3, 32, 32], 100),
        new("densenet-40", "CIFAR-100", [3, 32, 32], 100),
        new("vit-tiny", "CIFAR-10", [3, 32, 32], 10),
        new("vit-b-16", "ImageNet", [3, 224, 224], 1000),
    ];

    /// <summary>Concrete example names (used to list models with their parameter counts).</summary>
    public static IReadOnlyList<string> Examples { get; } = ExampleSettings.Select(e => e.Name).Distinct().ToArray();

    private const int MaxConvLayers = 6;
    private const int MaxWidth = 1 << 14;

    /// <summary>True when <paramref name="name"/> names a model this catalog can build.</summary>
    public static bool IsKnown(string name) =>
        name is not null && (TryParseHidden(name, out _) || TryParseHiddenBatchNorm(name, out _) || IsImage(name));

    /// <summary>True for the models that need image inputs [channels, height, width].</summary>
    public static bool NeedsImages(string name) => name is not null && IsImage(name);

    /// <summary>
    /// Builds model <paramref name="name"/> for inputs of shape <paramref name="inputShape"/> (per example) and
    /// <paramref name="classes"/> outputs, initialised from <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="RewindUserException">Unknown name, or a convolutional model for inputs that are not images
    /// large enough for it.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name, long[] inputShape, int classes, long seed)
    {
        var model = Build(name, inputShape, classes, device: null);
        using var gen = new Generator((ulong)seed, CPU);
        switch (model)
        {
            case FullyConnected fc: fc.Initialize(gen); break;
            case VisionTransformer vit: vit.Initialize(gen); break;
            default: KaimingInit.Apply(model, gen); break;
        }
        return model;
    }

    /// <summary>Number of parameters (weights and biases; not BN running statistics) of a model, without training it:
    /// fully connected models are counted by formula, the others are built on the meta device (no memory, no init).</summary>
    /// <exception cref="RewindUserException">As <see cref="Create"/>.</exception>
    public static long ParameterCount(string name, long[] inputShape, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (TryParseHidden(name, out var hidden))
        {
            long prev = inputShape.Aggregate(1L, (a, b) => a * b), total = 0;
            foreach (var h in hidden.Append(classes))
            {
                total += prev * h + h;
                prev = h;
            }
            return total;
        }
        using var model = Build(name, inputShape, classes, META);
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>Builds model <paramref name="name"/> with TorchSharp's default weights on <paramref name="device"/> (null = CPU;
    /// <c>torch.META</c> to inspect shapes and counts without memory).</summary>
    /// <exception cref="RewindUserException">As <see cref="Create"/>.</exception>
    public static nn.Module<Tensor, Tensor> Build(string name, long[] inputShape, int classes, Device? device)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (name is null || !IsKnown(name))
            throw new RewindUserException(
                $"model.name: '{name}' is not a known model. Known: {string.Join(", ", Families.Select(f => f.Name))} " +
                "(run `rewind models`).");
        long features = inputShape.Aggregate(1L, (a, b) => a * b);
        if (TryParseHidden(name, out var hidden)) return new FullyConnected(name, features, hidden, classes);
        if (TryParseHiddenBatchNorm(name, out hidden)) return new FullyConnectedBatchNorm(name, features, hidden, classes, device);

        CheckImageShape(name, inputShape);
        long channels = inputShape[0];
        if (TryParseFrankleCarbin(name, out int convLayers)) return new FrankleCarbinConv(name, inputShape, convLayers, classes, device);
        if (TryParseConv(name, out var widths)) return new ConvNet(name, inputShape, widths, classes, device);
        if (TryParseMobileNet(name, out double width)) return new MobileNetV2(name, channels, classes, width, device);
        if (TryParseDenseNet(name, out int depth)) return new DenseNet(name, channels, depth, DenseNetGrowth, classes, device);
        return name switch
        {
            "alexnet" => new AlexNet(name, channels, classes, device),
            "resnet-20" => ResNet.ResNet20(channels, classes, ResNetShortcut.ZeroPadIdentity, device),
            "resnet-20-b" => ResNet.ResNet20(channels, classes, ResNetShortcut.Projection, device),
            "resnet-18" => ResNet.ResNet18(channels, classes, device),
            "resnet-50" => BottleneckResNet.ResNet50(name, channels, ResNetStem.Cifar, classes, device),
            "resnet-50-imagenet" => BottleneckResNet.ResNet50(name, channels, ResNetStem.ImageNet, classes, device),
            "vgg-16" => Vgg.Vgg16(channels, classes, device),
            "vgg-19" => Vgg.Vgg19(channels, classes, device),
            "vit-b-16" => new VisionTransformer(name, inputShape, VitConfig.B16, classes, device),
            "vit-tiny" => new VisionTransformer(name, inputShape, VitConfig.Tiny, classes, device),
            _ => throw new InvalidOperationException($"model '{name}' is known but has no factory"),
        };
    }

    private const int DenseNetGrowth = 12;

    private static void CheckImageShape(string name, long[] inputShape)
    {
        if (inputShape.Length != 3 || inputShape.Any(d => d < 1))
            throw new RewindUserException(
                $"model.name: '{name}' is a convolutional network and needs image inputs [channels, height, width], but the " +
                $"dataset's examples have shape [{string.Join(", ", inputShape)}]. Use an image dataset (data.name: " +
                "fashion-mnist, mnist, cifar10, cifar100, synthetic-images) or a fully connected model (e.g. fc-256x3).");
        var vit = name switch { "vit-b-16" => VitConfig.B16, "vit-tiny" => VitConfig.Tiny, _ => null };
        if (vit is not null)
        {
            if (!VisionTransformer.Accepts(vit, inputShape[1], inputShape[2]))
                throw new RewindUserException(
                    $"model.name: '{name}' cuts images into {vit.PatchSize}×{vit.PatchSize} patches and needs sides that are " +
                    $"multiples of {vit.PatchSize}, but the dataset's images are {inputShape[1]}×{inputShape[2]}. " +
                    "Use vit-tiny (4×4 patches) for 28×28 or 32×32 images, or resize the data.");
            return;
        }
        long min = MinimumImageSize(name);
        if (inputShape[1] < min || inputShape[2] < min)
            throw new RewindUserException(
                $"model.name: '{name}' reduces the image in its pools and strides and needs at least {min}×{min} pixels, but the " +
                $"dataset's images are {inputShape[1]}×{inputShape[2]}. Use fewer layers or a larger-image dataset.");
    }

    private static long MinimumImageSize(string name)
    {
        if (TryParseFrankleCarbin(name, out int convLayers)) return 1L << FrankleCarbinConv.Pools(convLayers);
        if (TryParseConv(name, out var widths)) return 1L << widths.Count;
        if (TryParseMobileNet(name, out _)) return MobileNetV2.MinimumImageSize;
        if (TryParseDenseNet(name, out _)) return 4; // two 2×2 average pools
        return name switch
        {
            "alexnet" => AlexNet.MinimumImageSize,
            "resnet-50" => BottleneckResNet.MinimumImageSize(ResNetStem.Cifar),
            "resnet-50-imagenet" => BottleneckResNet.MinimumImageSize(ResNetStem.ImageNet),
            "vgg-16" => 1L << Vgg.Pools(Vgg.Vgg16Plan),
            "vgg-19" => 1L << Vgg.Pools(Vgg.Vgg19Plan),
            _ => 1,
        };
    }

    private static bool IsImage(string name) =>
        name is "alexnet" or "resnet-20" or "resnet-20-b" or "resnet-18" or "resnet-50" or "resnet-50-imagenet" or "vgg-16"
            or "vgg-19" or "vit-b-16" or "vit-tiny" ||
        TryParseFrankleCarbin(name, out _) || TryParseConv(name, out _) || TryParseMobileNet(name, out _) || TryParseDenseNet(name, out _);

    private static bool TryParseHidden(string name, out IReadOnlyList<int> hidden)
    {
        hidden = [];
        if (name == "lenet-300-100")
        {
            hidden = [300, 100];
            return true;
        }
        return TryParseWidthDepth(FcPattern().Match(name), out hidden);
    }

    private static bool TryParseHiddenBatchNorm(string name, out IReadOnlyList<int> hidden) =>
        TryParseWidthDepth(FcBatchNormPattern().Match(name), out hidden);

    private static bool TryParseWidthDepth(Match m, out IReadOnlyList<int> hidden)
    {
        hidden = [];
        if (!m.Success) return false;
        if (!int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out int width) ||
            !int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out int depth)) return false;
        if (width < 1 || depth < 1 || width > 1 << 16 || depth > 64) return false;
        hidden = Enumerable.Repeat(width, depth).ToArray();
        return true;
    }

    /// <summary><c>conv-2</c>, <c>conv-4</c> and <c>conv-6</c> are Frankle &amp; Carbin's networks, never one-layer small CNNs.</summary>
    private static bool TryParseFrankleCarbin(string name, out int convLayers)
    {
        convLayers = name switch { "conv-2" => 2, "conv-4" => 4, "conv-6" => 6, _ => 0 };
        return convLayers > 0;
    }

    private static bool TryParseConv(string name, out IReadOnlyList<int> widths)
    {
        widths = [];
        if (TryParseFrankleCarbin(name, out _)) return false;
        var m = ConvPattern().Match(name);
        if (!m.Success) return false;
        var list = new List<int>();
        foreach (var part in name["conv-".Length..].Split('-'))
        {
            if (!int.TryParse(part, CultureInfo.InvariantCulture, out int w) || w < 1 || w > MaxWidth) return false;
            list.Add(w);
        }
        if (list.Count > MaxConvLayers) return false;
        widths = list;
        return true;
    }

    private static bool TryParseMobileNet(string name, out double width)
    {
        width = 1.0;
        if (name == "mobilenet-v2") return true;
        var m = MobileNetPattern().Match(name);
        return m.Success && double.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out width) &&
               width > 0 && width <= 4;
    }

    private static bool TryParseDenseNet(string name, out int depth)
    {
        depth = 0;
        var m = DenseNetPattern().Match(name);
        return m.Success && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out depth) &&
               depth >= 7 && depth <= 250 && (depth - 4) % 3 == 0;
    }

    [GeneratedRegex(@"^fc-(\d+)x(\d+)$")]
    private static partial Regex FcPattern();

    [GeneratedRegex(@"^fc-(\d+)x(\d+)-bn$")]
    private static partial Regex FcBatchNormPattern();

    [GeneratedRegex(@"^conv(-\d+)+$")]
    private static partial Regex ConvPattern();

    [GeneratedRegex(@"^mobilenet-v2-(\d+(?:\.\d+)?)$")]
    private static partial Regex MobileNetPattern();

    [GeneratedRegex(@"^densenet-(\d+)$")]
    private static partial Regex DenseNetPattern();
}
