namespace Rewind.Core;

/// <summary>Stable seed derivation (SplitMix64) so that every random stream is a pure function of its inputs.</summary>
internal static class SeedMix
{
    /// <summary>One SplitMix64 step: a bijective, well-mixed scramble of <paramref name="x"/>.</summary>
    public static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Mixes the parts in order into one 64-bit value (order matters: (1,2) and (2,1) differ).</summary>
    public static ulong Combine(params ReadOnlySpan<long> parts)
    {
        ulong h = 0x5EED5EED5EED5EEDUL;
        foreach (long part in parts)
        {
            h = SplitMix64(h ^ unchecked((ulong)part));
        }

        return h;
    }

    /// <summary>A seed for <c>torch.Generator</c>: libtorch's CPU generator uses only the low 32 bits, so fold the high half in.</summary>
    public static ulong ForTorch(ulong mixed) => (mixed ^ (mixed >> 32)) & 0xFFFFFFFFUL;
}
