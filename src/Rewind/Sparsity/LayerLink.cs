namespace Rewind.Sparsity;

/// <summary>
/// One weight layer of a <see cref="LayerChain"/>: its parameter name, weight shape (<c>[out, in]</c> or
/// <c>[out, in, k…]</c>), the index of the next layer consuming its output units (−1: none or not shape-compatible),
/// and how many consecutive input features of that consumer each unit feeds (1, or <c>H·W</c> across a
/// conv → linear flatten, channel-major as in ALGORITHMS.md §7.5).
/// </summary>
public sealed record LayerLink(string Name, long[] Shape, int Consumer, long FeaturesPerUnit)
{
    /// <summary>Number of output units (rows / filters).</summary>
    public long Units => Shape[0];

    /// <summary>Number of input features (columns / input channels).</summary>
    public long Inputs => Shape[1];
}
