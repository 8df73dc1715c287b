using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// ViT's encoder as torchvision names it: adds <c>pos_embedding</c> [1, tokens, D] to the token sequence, applies
/// <c>layers.encoder_layer_0 …</c> (<see cref="EncoderBlock"/>) and the final LayerNorm <c>ln</c> (ε = 1e-6).
/// </summary>
internal sealed class TransformerEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _posEmbedding;
    private readonly EncoderBlock[] _blocks;
    private readonly Sequential _layers;
    private readonly LayerNorm _ln;

    public TransformerEncoder(long tokens, VitConfig config, Device? device) : base(nameof(TransformerEncoder))
    {
        _posEmbedding = new Parameter(zeros([1, tokens, config.Hidden], device: device));
        register_parameter("pos_embedding", _posEmbedding);
        _layers = nn.Sequential();
        _blocks = new EncoderBlock[config.Layers];
        for (int i = 0; i < config.Layers; i++)
        {
            _blocks[i] = new EncoderBlock(config.Hidden, config.Heads, config.MlpDim, device);
            _layers.append("encoder_layer_" + i.ToString(CultureInfo.InvariantCulture), _blocks[i]);
        }
        _ln = nn.LayerNorm(config.Hidden, eps: 1e-6, device: device);
        register_module("layers", _layers);
        register_module("ln", _ln);
    }

    /// <summary>Children and parameters are registered by name in the constructor; TorchSharp's default would register
    /// every field a second time under its field name when this module becomes a child.</summary>
    protected override void RegisterComponents()
    {
    }

    public Parameter PositionEmbedding => _posEmbedding;

    public IReadOnlyList<EncoderBlock> Blocks => _blocks;

    public override Tensor forward(Tensor input) =>
        _ln.call(_layers.call(input.add(_posEmbedding, Scalars.One))); // Sequential calls each block through call: hooks see every layer
}
