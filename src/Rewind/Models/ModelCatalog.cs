using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>Models by name: <c>lenet-300-100</c> and the fully connected family <c>fc-&lt;width&gt;x&lt;depth&gt;</c>.</summary>
public static partial class ModelCatalog
{
    /// <summary>The model families, for help text and <c>rewind models</c>.</summary>
    public static IReadOnlyList<ModelInfo> Families { get; } =
    [
        new("lenet-300-100", "LeNet-300-100: fully connected 300-100 ReLU MLP (Frankle & Carbin 2019)"),
        new("fc-<width>x<depth>", "fully connected ReLU MLP with <depth> hidden layers of <width> units, e.g. fc-256x3"),
    ];

    /// <summary>Concrete example names (used to list models with their parameter counts).</summary>
    public static IReadOnlyList<string> Examples { get; } = ["lenet-300-100", "fc-256x3", "fc-1000x2"];

    /// <summary>True when <paramref name="name"/> names a model this catalog can build.</summary>
    public static bool IsKnown(string name) => TryParseHidden(name, out _);

    /// <summary>
    /// Builds model <paramref name="name"/> for inputs of shape <paramref name="inputShape"/> (per example) and
    /// <paramref name="classes"/> outputs, initialised from <paramref name="seed"/>.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, long[] inputShape, int classes, long seed)
    {
        if (!TryParseHidden(name, out var hidden))
            throw new RewindUserException(
                $"model.name: '{name}' is not a known model. Known: {string.Join(", ", Families.Select(f => f.Name))} " +
                "(run `rewind models`).");
        long features = inputShape.Aggregate(1L, (a, b) => a * b);
        var model = new FullyConnected(name, features, hidden, classes);
        using var gen = new Generator((ulong)seed, CPU);
        model.Initialize(gen);
        return model;
    }

    /// <summary>Number of parameters (weights and biases) of a model, without building it.</summary>
    public static long ParameterCount(string name, long[] inputShape, int classes)
    {
        if (!TryParseHidden(name, out var hidden))
            throw new RewindUserException($"model.name: '{name}' is not a known model (run `rewind models`).");
        long prev = inputShape.Aggregate(1L, (a, b) => a * b), total = 0;
        foreach (var h in hidden.Append(classes))
        {
            total += prev * h + h;
            prev = h;
        }
        return total;
    }

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
        int width = int.Parse(m.Groups[1].Value), depth = int.Parse(m.Groups[2].Value);
        if (width < 1 || depth < 1 || width > 1 << 16 || depth > 64) return false;
        hidden = Enumerable.Repeat(width, depth).ToArray();
        return true;
    }

    [GeneratedRegex(@"^fc-(\d+)x(\d+)$")]
    private static partial Regex FcPattern();
}
