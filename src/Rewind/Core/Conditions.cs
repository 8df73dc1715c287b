using static TorchSharp.torch;

namespace Rewind.Core;

/// <summary>Reading a boolean tensor back to .NET without leaving a temporary to the finalizer (see <see cref="Scalars"/>).</summary>
public static class Conditions
{
    /// <summary>
    /// True when any entry of <paramref name="condition"/> is true (non-zero). Disposes <paramref name="condition"/>:
    /// holding it until then keeps it alive while libtorch's <c>any</c> reads it, which an unnamed temporary
    /// (<c>t.gt(1).any()</c>) outside a dispose scope does not.
    /// </summary>
    public static bool AnyThenDispose(Tensor condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using (condition)
        using (var any = condition.any())
            return any.item<bool>();
    }
}
