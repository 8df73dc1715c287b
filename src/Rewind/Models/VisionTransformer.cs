using MathNet.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>The shape of a <see cref="VisionTransformer"/>: patch side, token width D, encoder blocks, heads, MLP width.</summary>
public sealed record VitConfig(int PatchSize, int Hidden, int Layers, int Heads, int MlpDim)
{
    /// <summary>ViT-B/16 (Dosovitskiy et al. 2021, Table 1: 12 layers, D = 768, MLP 3072, 12 heads; 86 M parameters).</summary>
    public static VitConfig B16 { get; } = new(16, 768, 12, 12, 3072);

    /// <summary>A CPU-sized ViT for 32×32 and 28×28 images: 4×4 patches, 6 blocks of ViT-Ti's width (D = 192, 3 heads,
    /// MLP 768); 2.7 M parameters on CIFAR-10.</summary>
    public static VitConfig Tiny { get; } = new(4, 192, 6, 3, 768);
}

/// <summary>
/// The Vision Transformer (Dosovitskiy et al. 2021) as torchvision's <c>VisionTransformer</c> builds it: <c>conv_proj</c>
/// cuts the image into P×P patches and embeds them (a P×P stride-P convolution), a learned <c>class_token</c> is
/// prepended, <c>encoder.pos_embedding</c> added, <c>encoder.layers.encoder_layer_i</c> (<see cref="EncoderBlock"/>, GELU
/// MLP) applied, <c>encoder.ln</c> normalises and <c>heads.head</c> classifies the class token. The position embedding
/// has one row per patch of the dataset's image (+1), so the count depends on the image size: ViT-B/16 at 224×224 and
/// 1000 classes has torchvision's 86,567,656 parameters. Prunable (<see cref="Sparsity.Prunable"/>): the patch
/// embedding, the packed q/k/v and output projections, both MLP layers and the head; not the biases, LayerNorms,
/// class token or position embedding.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _convProj;
    private readonly Parameter _classToken;
    private readonly TransformerEncoder _encoder;
    private readonly Linear _head;
    private readonly long _hidden;

    /// <summary>Builds the network for images [C, H, W] whose sides are multiples of the patch size; weights stay at
    /// TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentException">Image sides that are not multiples of the patch size.</exception>
    public VisionTransformer(string name, IReadOnlyList<long> inputShape, VitConfig config, int classes, Device? device = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(config);
        if (inputShape.Count != 3 || inputShape[1] % config.PatchSize != 0 || inputShape[2] % config.PatchSize != 0)
            throw new ArgumentException($"A ViT with {config.PatchSize}×{config.PatchSize} patches needs images whose sides are multiples of {config.PatchSize}.", nameof(inputShape));
        _hidden = config.Hidden;
        long tokens = inputShape[1] / config.PatchSize * (inputShape[2] / config.PatchSize) + 1;
        _convProj = nn.Conv2d(inputShape[0], config.Hidden, config.PatchSize, stride: config.PatchSize, device: device);
        _classToken = new Parameter(zeros([1, 1, config.Hidden], device: device));
        _encoder = new TransformerEncoder(tokens, config, device);
        _head = nn.Linear(config.Hidden, classes, device: device);
        register_module("conv_proj", _convProj);
        register_parameter("class_token", _classToken);
        register_module("encoder", _encoder);
        register_module("heads", nn.Sequential(("head", _head)));
    }

    /// <summary>Images whose sides are multiples of <paramref name="config"/>'s patch size are accepted.</summary>
    public static bool Accepts(VitConfig config, long height, long width) =>
        config is not null && height >= config.PatchSize && width >= config.PatchSize && height % config.PatchSize == 0 && width % config.PatchSize == 0;

    /// <summary>
    /// Seeded initialisation as torchvision's ViT, drawn from <paramref name="generator"/> in module order:
    /// <c>conv_proj</c> truncated normal (σ = √(1/fan_in), cut at ±2) with zero bias; class token 0; position embedding
    /// N(0, 0.02²); q/k/v projection Xavier-uniform with zero bias; output projection U(±1/√D) (PyTorch's Linear default)
    /// with zero bias; MLP weights Xavier-uniform, biases N(0, 10⁻¹²); LayerNorm 1 and 0. The head is Xavier-uniform with
    /// zero bias, where torchvision zeroes it (made for fine-tuning): a prunable layer that starts at exactly 0 would
    /// make IMP rewind it to nothing.
    /// </summary>
    public void Initialize(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long fanIn = _convProj.weight!.numel() / _convProj.weight.shape[0];
        TruncatedNormal(_convProj.weight, Math.Sqrt(1.0 / fanIn), -2, 2, generator);
        _convProj.bias!.zero_();
        _classToken.zero_();
        using Scalar positionStd = 0.02, biasStd = 1e-6;
        _encoder.PositionEmbedding.copy_(randn(_encoder.PositionEmbedding.shape, generator: generator).mul_(positionStd));
        foreach (var block in _encoder.Blocks)
        {
            XavierUniform(block.Attention.InProjWeight, generator);
            block.Attention.InProjBias.zero_();
            KaimingInit.Uniform(block.Attention.OutProj.weight!, 1.0 / Math.Sqrt(_hidden), generator);
            block.Attention.OutProj.bias!.zero_();
            foreach (int i in new[] { 0, 3 })
            {
                var linear = block.Mlp(i);
                XavierUniform(linear.weight!, generator);
                linear.bias!.copy_(randn(linear.bias.shape, generator: generator).mul_(biasStd));
            }
        }
        foreach (var (_, module) in ModuleOrder.DepthFirst(this))
        {
            if (module is not LayerNorm ln) continue;
            ln.weight!.fill_(Scalars.One);
            ln.bias!.zero_();
        }
        XavierUniform(_head.weight!, generator);
        _head.bias!.zero_();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        long n = input.shape[0];
        // call, not forward: module hooks (NetworkProbe) see every layer.
        var patches = _convProj.call(input).flatten(2).transpose(1, 2); // [N, patches, D]
        var x = cat([_classToken.expand(n, -1, -1), patches], 1);
        x = _encoder.call(x);
        return _head.call(x.select(1, 0));
    }

    /// <summary>Xavier/Glorot uniform U(±√(6/(fan_in + fan_out))) for a 2-D weight [out, in], as <c>nn.init.xavier_uniform_</c>.</summary>
    private static void XavierUniform(Tensor weight, Generator generator)
    {
        KaimingInit.Uniform(weight, Math.Sqrt(6.0 / (weight.shape[0] + weight.shape[1])), generator);
    }

    /// <summary>PyTorch's <c>trunc_normal_</c>: inverse-CDF sampling of N(0, σ²) restricted to [a, b] (absolute bounds).</summary>
    private static void TruncatedNormal(Tensor weight, double std, double a, double b, Generator generator)
    {
        double lo = 0.5 * (1 + SpecialFunctions.Erf(a / std / Math.Sqrt(2)));
        double hi = 0.5 * (1 + SpecialFunctions.Erf(b / std / Math.Sqrt(2)));
        using Scalar width = 2 * hi - 2 * lo, shift = 2 * lo - 1, scale = std * Math.Sqrt(2), min = a, max = b;
        using var scope = NewDisposeScope();
        var u = rand(weight.shape, generator: generator).mul_(width).add_(shift, Scalars.One);
        weight.copy_(u.erfinv_().mul_(scale).clamp_(min, max));
    }
}
