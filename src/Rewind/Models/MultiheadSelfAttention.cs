using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Multi-head self-attention with PyTorch's parameter layout (<c>nn.MultiheadAttention</c>, batch first, as torchvision's
/// ViT uses it): the query, key and value projections packed into <c>in_proj_weight</c> [3·D, D] and <c>in_proj_bias</c>,
/// then scaled dot-product attention per head and <c>out_proj</c> = Linear(D, D). Both projection weights are prunable
/// (<see cref="Sparsity.Prunable"/>); module hooks on this module see the projection's input.
/// </summary>
public sealed class MultiheadSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _inProjWeight;
    private readonly Parameter _inProjBias;
    private readonly Linear _outProj;
    private readonly long _heads;

    /// <summary>Creates the layer for <paramref name="dim"/>-wide tokens and <paramref name="heads"/> heads (dim divisible by heads).</summary>
    public MultiheadSelfAttention(long dim, long heads, Device? device = null) : base(nameof(MultiheadSelfAttention))
    {
        if (heads < 1 || dim % heads != 0) throw new ArgumentException($"{dim} channels do not split into {heads} heads.", nameof(heads));
        _heads = heads;
        _inProjWeight = new Parameter(zeros([3 * dim, dim], device: device)); // drawn by VisionTransformer.Initialize
        _inProjBias = new Parameter(zeros([3 * dim], device: device));
        _outProj = nn.Linear(dim, dim, device: device);
        register_parameter("in_proj_weight", _inProjWeight);
        register_parameter("in_proj_bias", _inProjBias);
        register_module("out_proj", _outProj);
    }

    /// <summary>Children and parameters are registered by name in the constructor; TorchSharp's default would register
    /// every field a second time under its field name when this module becomes a child.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>The packed query/key/value projection weight [3·D, D] (PyTorch's <c>in_proj_weight</c>).</summary>
    public Parameter InProjWeight => _inProjWeight;

    /// <summary>The packed projection bias [3·D].</summary>
    public Parameter InProjBias => _inProjBias;

    /// <summary>The output projection (PyTorch's <c>out_proj</c>).</summary>
    public Linear OutProj => _outProj;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        long n = input.shape[0], t = input.shape[1], d = input.shape[2];
        using var scope = NewDisposeScope();
        var qkv = nn.functional.linear(input, _inProjWeight, _inProjBias).view(n, t, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]); // [N, heads, T, D/heads]
        var merged = attended.transpose(1, 2).reshape(n, t, d);
        return _outProj.call(merged).MoveToOuterDisposeScope(); // call: hooks see the output projection's input
    }
}
