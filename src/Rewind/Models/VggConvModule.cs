using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>One VGG layer as open_lth writes it: <c>conv</c> (3×3, padding 1, with bias) → <c>bn</c> → ReLU.</summary>
internal sealed class VggConvModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNormalization _bn;

    public VggConvModule(long inChannels, long outChannels, Device? device) : base(nameof(VggConvModule))
    {
        _conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: true, device: device);
        _bn = BatchNormalization.Of2d(outChannels, device);
        register_module("conv", _conv);
        register_module("bn", _bn);
    }

    public override Tensor forward(Tensor input) =>
        nn.functional.relu(_bn.call(_conv.call(input)), inplace: true);
}
