using static TorchSharp.torch;

namespace Rewind.Tests.Data;

/// <summary>Exact tensor comparison for tests (TorchSharp's <c>Tensor.equal</c> is element-wise).</summary>
internal static class Same
{
    public static bool Tensors(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype)
        {
            return false;
        }

        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
