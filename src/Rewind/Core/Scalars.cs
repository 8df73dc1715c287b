using TorchSharp;

namespace Rewind.Core;

/// <summary>
/// Scalars that stay alive for as long as libtorch reads them.
/// </summary>
/// <remarks>
/// <para>TorchSharp frees a <see cref="Scalar"/>'s native memory in its finalizer, and its methods read the handle and
/// pass it to libtorch with nothing keeping the managed object alive during the call. A Scalar made on the fly —
/// <c>x.mul_(0.9)</c> through the implicit conversion, or TorchSharp's own <c>x.add_(y)</c>, which calls
/// <c>x.add_(y, 1)</c> — can therefore be collected and freed while libtorch still reads it, whenever another thread
/// triggers a collection during the native call. The result is a wrong number, "tensor does not have a device", or a
/// crash, about once in a hundred runs in a worker process. Dispose scopes track tensors, not scalars.</para>
/// <para>The rule in this library (checked on the compiled code by <c>ScalarLifetimeTests</c>): a Scalar is either one
/// of the constants here (static, never collected) or made into a local that a <c>using</c> keeps alive past the call
/// (<c>using var lr = (-rate).ToScalar(); p.add_(g, lr);</c>), and TorchSharp methods that make one internally are
/// called through their overload that takes it (<c>x.add_(y, Scalars.One)</c>).</para>
/// </remarks>
public static class Scalars
{
    /// <summary>0 (an integer Scalar, as TorchSharp's own literals are).</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>1: the <c>alpha</c> of <c>add</c>/<c>sub</c> and the <c>value</c> of <c>addcmul</c>/<c>addcdiv</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>−1.</summary>
    public static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>2: the exponent of a square (<c>x.pow(Scalars.Two)</c> is what TorchSharp's <c>square()</c> computes).</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>−∞ (a double Scalar): what pruned or dead entries are filled with so they sort first.</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    /// <summary><c>true</c>, for filling boolean tensors.</summary>
    public static readonly Scalar True = true.ToScalar();
}
