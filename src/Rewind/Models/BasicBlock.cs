using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// The ResNet basic block: conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the shortcut, then ReLU. Module names as
/// torchvision: <c>conv1, bn1, conv2, bn2, downsample.0, downsample.1</c>. Convolutions have no bias.
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNormalization _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNormalization _bn2;
    private readonly Sequential? _downsample;
    private readonly long _stride;
    private readonly long _padBefore;
    private readonly long _padAfter;
    private readonly bool _zeroPad;

    public BasicBlock(long inChannels, long outChannels, long stride, ResNetShortcut shortcut, Device? device)
        : base(nameof(BasicBlock))
    {
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, device: device);
        _bn1 = BatchNormalization.Of2d(outChannels, device);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false, device: device);
        _bn2 = BatchNormalization.Of2d(outChannels, device);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        _stride = stride;
        bool reshapes = stride != 1 || inChannels != outChannels;
        if (reshapes && shortcut == ResNetShortcut.Projection)
        {
            _downsample = nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, device: device)),
                ("1", BatchNormalization.Of2d(outChannels, device)));
            register_module("downsample", _downsample);
        }
        else if (reshapes)
        {
            if (outChannels < inChannels)
                throw new ArgumentException("A zero-padding shortcut cannot reduce the number of channels.");
            _zeroPad = true;
            _padBefore = (outChannels - inChannels) / 2;
            _padAfter = outChannels - inChannels - _padBefore;
        }
    }

    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer; the arithmetic is the same.
        var h = nn.functional.relu(_bn1.call(_conv1.call(input)), inplace: true);
        var output = _bn2.call(_conv2.call(h));
        output.add_(Shortcut(input), Scalars.One);
        return nn.functional.relu(output, inplace: true);
    }

    private Tensor Shortcut(Tensor x)
    {
        if (_downsample is not null) return _downsample.call(x);
        if (!_zeroPad) return x;
        // Option A: every stride-th pixel (as x[:, :, ::s, ::s]), new channels zero on both sides.
        var sub = x.slice(2, 0, x.shape[2], _stride).slice(3, 0, x.shape[3], _stride);
        return nn.functional.pad(sub, [0, 0, 0, 0, _padBefore, _padAfter]);
    }
}
