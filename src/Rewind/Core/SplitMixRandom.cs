namespace Rewind.Core;

/// <summary>
/// A small, fully specified random stream of doubles (SplitMix64, Steele et al. 2014, plus Box–Muller), so that a
/// recorded seed reproduces every draw bit for bit on any platform and library version. For models trained in plain
/// <c>double</c> arithmetic (the single neuron of Paper A §2), which do not use TorchSharp's generators; seed it with
/// <see cref="SeedMix.Combine"/> over the names of the stream (e.g. tag, seed, dimension, run).
/// </summary>
/// <param name="seed">The initial state; streams seeded by different <see cref="SeedMix.Combine"/> values are independent.</param>
internal sealed class SplitMixRandom(ulong seed)
{
    private ulong _state = seed;
    private double _spare;
    private bool _hasSpare;

    /// <summary>The next 64 random bits: SplitMix64's output for the current state, then the state advances by the golden gamma.</summary>
    public ulong NextUInt64()
    {
        ulong bits = SeedMix.SplitMix64(_state);
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return bits;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = r * Math.Sin(angle);
        _hasSpare = true;
        return r * Math.Cos(angle);
    }
}
