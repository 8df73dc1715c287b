using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// A pre-norm transformer encoder block of ViT (Dosovitskiy et al. 2021, Eqs. 2–3), named as torchvision's
/// <c>EncoderBlock</c>: <c>ln_1</c> → <c>self_attention</c> → residual, <c>ln_2</c> → <c>mlp</c> (<c>mlp.0</c> Linear(D, M)
/// → GELU → <c>mlp.3</c> Linear(M, D)) → residual. LayerNorm ε = 1e-6; no dropout (torchvision's default 0).
/// </summary>
internal sealed class EncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm _ln1;
    private readonly MultiheadSelfAttention _attention;
    private readonly LayerNorm _ln2;
    private readonly Sequential _mlp;

    public EncoderBlock(long dim, long heads, long mlpDim, Device? device) : base(nameof(EncoderBlock))
    {
        _ln1 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        _attention = new MultiheadSelfAttention(dim, heads, device);
        _ln2 = nn.LayerNorm(dim, eps: 1e-6, device: device);
        _mlp = nn.Sequential(
            ("0", nn.Linear(dim, mlpDim, device: device)),
            ("1", nn.GELU()),
            ("2", nn.Identity()),
            ("3", nn.Linear(mlpDim, dim, device: device)),
            ("4", nn.Identity()));
        register_module("ln_1", _ln1);
        register_module("self_attention", _attention);
        register_module("ln_2", _ln2);
        register_module("mlp", _mlp);
    }

    public MultiheadSelfAttention Attention => _attention;

    public Linear Mlp(int index) => (Linear)_mlp[index];

    public override Tensor forward(Tensor input)
    {
        // call, not forward: module hooks (NetworkProbe) see every layer.
        var x = _attention.call(_ln1.call(input)).add_(input, Scalars.One);
        var y = _mlp.call(_ln2.call(x));
        return y.add_(x, Scalars.One);
    }
}
