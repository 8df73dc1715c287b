using System.Globalization;
using System.Text.RegularExpressions;

namespace Rewind.Export;

/// <summary>Which PyTorch code the exported state-dict keys should fit.</summary>
public enum StateDictNaming
{
    /// <summary>Rewind's own module names, which are torchvision's for the ResNets (<c>conv1, bn1, layerK.I.conv1,
    /// downsample.0</c>) and those of a plain <c>nn.Module</c> with attributes <c>fc1 … fcN</c> for the MLPs.</summary>
    Torchvision,

    /// <summary>open_lth's (Frankle &amp; Carbin's framework): LeNet <c>fc_layers.0 …, fc</c>; CIFAR ResNet <c>conv, bn,
    /// blocks.N.conv1 …, blocks.N.shortcut.0/1, fc</c>; VGG unchanged (<c>layers.N.conv/bn, fc</c>).</summary>
    OpenLth,
}

/// <summary>Maps Rewind's parameter and buffer names to the state-dict keys of the chosen PyTorch code (pure).</summary>
public static partial class StateDictNames
{
    /// <summary>The key of Rewind's tensor <paramref name="name"/> of model <paramref name="model"/> under <paramref name="naming"/>.</summary>
    public static string Map(string name, string model, StateDictNaming naming)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        if (naming == StateDictNaming.Torchvision) return name;
        if (model == "lenet-300-100" || model.StartsWith("fc-", StringComparison.Ordinal))
        {
            var m = FcLayer().Match(name);
            if (!m.Success) return name;
            int index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int layers = model == "lenet-300-100" ? 3 : int.Parse(model.Split('x')[1], CultureInfo.InvariantCulture) + 1;
            return index == layers ? "fc." + m.Groups[2].Value : $"fc_layers.{index - 1}.{m.Groups[2].Value}";
        }
        if (model.StartsWith("resnet-", StringComparison.Ordinal) && model != "resnet-18")
        {
            if (name.StartsWith("conv1.", StringComparison.Ordinal)) return "conv." + name["conv1.".Length..];
            if (name.StartsWith("bn1.", StringComparison.Ordinal)) return "bn." + name["bn1.".Length..];
            var m = ResNetBlock().Match(name);
            if (!m.Success) return name;
            int stage = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int block = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            string rest = m.Groups[3].Value.Replace("downsample.", "shortcut.", StringComparison.Ordinal);
            return $"blocks.{(stage - 1) * 3 + block}.{rest}"; // ResNet-20: three blocks per stage
        }
        return name;
    }

    [GeneratedRegex(@"^fc(\d+)\.(.+)$")]
    private static partial Regex FcLayer();

    [GeneratedRegex(@"^layer(\d+)\.(\d+)\.(.+)$")]
    private static partial Regex ResNetBlock();
}
