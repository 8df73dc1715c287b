namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// A small, fully specified random stream (SplitMix64 + Box–Muller) for the single-neuron experiment, so that a
/// recorded seed reproduces every draw bit for bit on any platform and library version (Paper A §2.3).
/// </summary>
/// <remarks>
/// The model is tiny and trained in plain <c>double</c> arithmetic (see <see cref="SingleNeuronTrainer"/>), so it
/// does not use TorchSharp's generators; streams for data and initialisation are derived from the experiment seed
/// with <see cref="Derive"/> so that they are independent of each other and of the order in which runs are done.
/// </remarks>
internal sealed class SingleNeuronRandom(ulong seed)
{
    private ulong _state = seed;
    private double _spare;
    private bool _hasSpare;

    /// <summary>A seed for the stream named by <paramref name="parts"/> (e.g. dimension, run, stream id) under <paramref name="seed"/>.</summary>
    public static ulong Derive(long seed, params ReadOnlySpan<long> parts)
    {
        ulong h = Finalize(unchecked((ulong)seed) + 0x9E3779B97F4A7C15UL);
        foreach (long part in parts)
        {
            h = Finalize(h ^ (unchecked((ulong)part) + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2)));
        }

        return h;
    }

    /// <summary>The next 64 random bits (SplitMix64).</summary>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Finalize(_state);
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

    private static ulong Finalize(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
