namespace Rewind.Data.Images;

/// <summary>A tiny seeded generator (SplitMix64) for per-image draws: the same seed gives the same numbers on every
/// machine and .NET version, so an augmented image is a pure function of its seed.</summary>
internal struct SplitMixRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="highExclusive"/>).</summary>
    public int Next(int low, int highExclusive) =>
        low + (int)Math.Min(highExclusive - low - 1L, (long)(NextDouble() * (highExclusive - low)));
}
