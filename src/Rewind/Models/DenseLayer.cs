using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// One layer of a DenseNet block without bottleneck (Huang et al. 2017 §3, "H_l"): BN → ReLU → 3×3 convolution (no
/// bias) producing <c>growth</c> new channels from the concatenation of all earlier feature maps of the block. Named
/// <c>norm1</c> and <c>conv1</c> as the first pair of torchvision's dense layer.
/// </summary>
internal sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
    private readonly BatchNormalization _norm1;
    private readonly Conv2d _conv1;

    public DenseLayer(long inChannels, long growth, Device? device) : base(nameof(DenseLayer))
    {
        _norm1 = BatchNormalization.Of2d(inChannels, device);
        _conv1 = nn.Conv2d(inChannels, growth, 3, padding: 1, bias: false, device: device);
        register_module("norm1", _norm1);
        register_module("conv1", _conv1);
    }

    public override Tensor forward(Tensor input) =>
        _conv1.call(nn.functional.relu(_norm1.call(input), inplace: true)); // call: module hooks see every layer
}
