namespace Rewind.Storage;

/// <summary>Derives independent, reproducible seeds from the run seed and small integers (SplitMix64 finaliser).</summary>
public static class SeedMix
{
    /// <summary>A 63-bit non-negative seed that depends on every argument.</summary>
    public static long Combine(long seed, long a, long b = 0)
    {
        ulong x = (ulong)seed;
        x = Mix(x ^ Mix((ulong)a + 0x9E3779B97F4A7C15UL));
        x = Mix(x ^ Mix((ulong)b + 0xD1B54A32D192ED03UL));
        return (long)(x >> 1);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
