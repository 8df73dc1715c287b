using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// MobileNetV2's inverted residual block (Sandler et al. 2018, Table 1), as torchvision writes it: a <c>conv</c> sequence
/// of 1×1 expansion (conv + BN + ReLU6, absent when the expansion factor is 1), 3×3 depthwise (conv + BN + ReLU6, with
/// the block's stride) and a linear 1×1 projection (conv + BN); the input is added when stride is 1 and the channels
/// are unchanged. Convolutions have no bias.
/// </summary>
internal sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _conv;
    private readonly bool _residual;

    public InvertedResidual(long inChannels, long outChannels, long stride, int expandRatio, Device? device)
        : base(nameof(InvertedResidual))
    {
        long hidden = (long)Math.Round(inChannels * (double)expandRatio, MidpointRounding.ToEven);
        _residual = stride == 1 && inChannels == outChannels;
        _conv = nn.Sequential();
        int index = 0;
        if (expandRatio != 1) _conv.append(Key(index++), MobileNetV2.ConvBnReLU6(inChannels, hidden, 1, 1, 1, device));
        _conv.append(Key(index++), MobileNetV2.ConvBnReLU6(hidden, hidden, 3, stride, hidden, device));
        _conv.append(Key(index++), nn.Conv2d(hidden, outChannels, 1, bias: false, device: device));
        _conv.append(Key(index), BatchNormalization.Of2d(outChannels, device));
        register_module("conv", _conv);
    }

    public override Tensor forward(Tensor input)
    {
        var y = _conv.call(input); // call: module hooks see every layer
        return _residual ? y.add_(input, Scalars.One) : y;
    }

    private static string Key(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
