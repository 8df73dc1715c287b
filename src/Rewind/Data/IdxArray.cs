namespace Rewind.Data;

/// <summary>The contents of one IDX file: its dimensions and its unsigned-byte payload in row-major order.</summary>
/// <param name="Shape">The dimensions as stored in the header, outermost first (e.g. [60000, 28, 28]).</param>
/// <param name="Data">The payload, exactly the product of <paramref name="Shape"/> bytes long.</param>
public sealed record IdxArray(int[] Shape, byte[] Data)
{
    /// <summary>The number of entries along the first dimension (the example count).</summary>
    public int Count => Shape[0];
}
