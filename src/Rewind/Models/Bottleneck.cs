using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// The ResNet bottleneck block as torchvision writes it (ResNet v1.5: the stride sits on the 3×3 convolution): 1×1 →
/// BN → ReLU → 3×3(stride) → BN → ReLU → 1×1 to 4× the width → BN, plus the shortcut (<c>downsample.0</c> a strided 1×1
/// convolution and <c>downsample.1</c> its BN when the shape changes), then ReLU. Convolutions have no bias.
/// </summary>
internal sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per unit of width.</summary>
    public const int Expansion = 4;

    private readonly Conv2d _conv1;
    private readonly BatchNormalization _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNormalization _bn2;
    private readonly Conv2d _conv3;
    private readonly BatchNormalization _bn3;
    private readonly Sequential? _downsample;

    public Bottleneck(long inChannels, long width, long stride, Device? device) : base(nameof(Bottleneck))
    {
        long outChannels = width * Expansion;
        _conv1 = nn.Conv2d(inChannels, width, 1, bias: false, device: device);
        _bn1 = BatchNormalization.Of2d(width, device);
        _conv2 = nn.Conv2d(width, width, 3, stride: stride, padding: 1, bias: false, device: device);
        _bn2 = BatchNormalization.Of2d(width, device);
        _conv3 = nn.Conv2d(width, outChannels, 1, bias: false, device: device);
        _bn3 = BatchNormalization.Of2d(outChannels, device);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        register_module("conv3", _conv3);
        register_module("bn3", _bn3);
        if (stride != 1 || inChannels != outChannels)
        {
            _downsample = nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, device: device)),
                ("1", BatchNormalization.Of2d(outChannels, device)));
            register_module("downsample", _downsample);
        }
    }

    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer.
        var h = nn.functional.relu(_bn1.call(_conv1.call(input)), inplace: true);
        h = nn.functional.relu(_bn2.call(_conv2.call(h)), inplace: true);
        var output = _bn3.call(_conv3.call(h));
        output.add_(_downsample is null ? input : _downsample.call(input), Scalars.One);
        return nn.functional.relu(output, inplace: true);
    }
}
