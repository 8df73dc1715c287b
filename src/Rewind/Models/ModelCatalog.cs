using System.Globalization;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Models by name: the fully connected family (<c>lenet-300-100</c>, <c>fc-&lt;width&gt;x&lt;depth&gt;</c>), the small
/// CNN family <c>conv-&lt;c1&gt;-&lt;c2&gt;…</c>, and the CIFAR networks of the papers (<c>resnet-20</c>,
/// <c>resnet-20-b</c>, <c>resnet-18</c>, <c>vgg-19</c>). Every model is built for the dataset's example shape and
/// class count and initialised from the run's seed.
/// </summary>
public static partial class ModelCatalog
{
    /// <summary>The model families, for help text and <c>rewind models</c>.</summary>
    public static IReadOnlyList<ModelInfo> Families { get; } =
    [
        new("lenet-300-100", "LeNet-300-100: fully connected 300-100 ReLU MLP (Frankle & Carbin 2019)"),
        new("fc-<width>x<depth>", "fully connected ReLU MLP with <depth> hidden layers of <width> units, e.g. fc-256x3"),
        new("conv-<c1>-<c2>...", "small CNN for CPU work: per width a 3x3 conv + BN + ReLU + 2x2 max-pool, then fc; 1-6 layers, e.g. conv-16-32"),
        new("resnet-20", "ResNet-20 for CIFAR (He et al. 2016; SILO): 16/32/64 x 3 basic blocks, zero-padding (option A) shortcuts, 0.27 M"),
        new("resnet-20-b", "ResNet-20 with 1x1-conv + BN projection shortcuts (open_lth, Paper A's code)"),
        new("resnet-18", "ResNet-18, CIFAR variant (3x3 stem, no max-pool; Paper A): 64-512 x 2 basic blocks, 11.2 M"),
        new("vgg-19", "VGG-19 with BatchNorm for CIFAR (Frankle & Carbin, SILO): 16 conv layers, avg-pool, Linear(512, classes), 20.0 M"),
    ];

    /// <summary>Concrete example names (used to list models with their parameter counts).</summary>
    public static IReadOnlyList<string> Examples { get; } =
        ["lenet-300-100", "fc-256x3", "fc-1000x2", "conv-16-32", "resnet-20", "resnet-20-b", "resnet-18", "vgg-19"];

    private const int MaxConvLayers = 6;
    private const int MaxWidth = 1 << 14;

    /// <summary>True when <paramref name="name"/> names a model this catalog can build.</summary>
    public static bool IsKnown(string name) =>
        name is not null && (TryParseHidden(name, out _) || TryParseConv(name, out _) || IsImageNet(name));

    /// <summary>True for the models that need image inputs [channels, height, width].</summary>
    public static bool NeedsImages(string name) => name is not null && (TryParseConv(name, out _) || IsImageNet(name));

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

    /// <summary>Builds model <paramref name="name"/> with TorchSharp's default weights on <paramref name="device"/> (null = CPU).</summary>
    internal static nn.Module<Tensor, Tensor> Build(string name, long[] inputShape, int classes, Device? device)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (name is null || !IsKnown(name))
            throw new RewindUserException(
                $"model.name: '{name}' is not a known model. Known: {string.Join(", ", Families.Select(f => f.Name))} " +
                "(run `rewind models`).");
        if (TryParseHidden(name, out var hidden))
        {
            long features = inputShape.Aggregate(1L, (a, b) => a * b);
            return new FullyConnected(name, features, hidden, classes);
        }

        int pools = TryParseConv(name, out var widths) ? widths.Count : name == "vgg-19" ? Vgg.Pools(Vgg.Vgg19Plan) : 0;
        CheckImageShape(name, inputShape, pools);
        long channels = inputShape[0];
        return name switch
        {
            "resnet-20" => ResNet.ResNet20(channels, classes, ResNetShortcut.ZeroPadIdentity, device),
            "resnet-20-b" => ResNet.ResNet20(channels, classes, ResNetShortcut.Projection, device),
            "resnet-18" => ResNet.ResNet18(channels, classes, device),
            "vgg-19" => Vgg.Vgg19(channels, classes, device),
            _ => new ConvNet(name, inputShape, widths, classes, device),
        };
    }

    private static void CheckImageShape(string name, long[] inputShape, int pools)
    {
        if (inputShape.Length != 3 || inputShape.Any(d => d < 1))
            throw new RewindUserException(
                $"model.name: '{name}' is a convolutional network and needs image inputs [channels, height, width], but the " +
                $"dataset's examples have shape [{string.Join(", ", inputShape)}]. Use an image dataset (data.name: " +
                "fashion-mnist, mnist, cifar10, cifar100, synthetic-images) or a fully connected model (e.g. fc-256x3).");
        long min = 1L << pools;
        if (inputShape[1] < min || inputShape[2] < min)
            throw new RewindUserException(
                $"model.name: '{name}' halves the image {pools} times and needs at least {min}×{min} pixels, but the dataset's " +
                $"images are {inputShape[1]}×{inputShape[2]}. Use fewer layers or a larger-image dataset.");
    }

    private static bool IsImageNet(string name) => name is "resnet-20" or "resnet-20-b" or "resnet-18" or "vgg-19";

    private static bool TryParseHidden(string name, out IReadOnlyList<int> hidden)
    {
        hidden = [];
        if (name == "lenet-300-100")
        {
            hidden = [300, 100];
            return true;
        }
        var m = FcPattern().Match(name);
        if (!m.Success) return false;
        if (!int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out int width) ||
            !int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out int depth)) return false;
        if (width < 1 || depth < 1 || width > 1 << 16 || depth > 64) return false;
        hidden = Enumerable.Repeat(width, depth).ToArray();
        return true;
    }

    private static bool TryParseConv(string name, out IReadOnlyList<int> widths)
    {
        widths = [];
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

    [GeneratedRegex(@"^fc-(\d+)x(\d+)$")]
    private static partial Regex FcPattern();

    [GeneratedRegex(@"^conv(-\d+)+$")]
    private static partial Regex ConvPattern();
}
