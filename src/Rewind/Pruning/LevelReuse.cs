namespace Rewind.Pruning;

/// <summary>
/// Which run to copy finished levels from, and at most how many (levels 0..MaxLevels−1). Studies share a seed's dense
/// level 0 between strategies this way (MaxLevels = 1), an Oracle trial at level m continues from the chosen trial of
/// level m − 1, and a SILO run with delay q shares its first q + 1 levels with a fixed-peak run. Only the longest prefix
/// of levels that the source computed exactly as this run would (<see cref="RunIdentity.PrefixKey"/>) is copied.
/// </summary>
/// <param name="From">The source run directory.</param>
/// <param name="MaxLevels">Copy at most this many levels, counted from level 0.</param>
public sealed record LevelReuse(string From, int MaxLevels)
{
    /// <summary>
    /// Copies into <paramref name="store"/> the longest prefix of finished levels (at most <paramref name="maxLevels"/>)
    /// that the source run computed identically; returns a message saying what was reused, or null when nothing was.
    /// </summary>
    public string? ApplyTo(RunStore store, int maxLevels)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!RunStore.Exists(From)) return null; // the source has not started: nothing to copy yet
        var source = RunStore.Open(From);
        if (source.Root == store.Root) return null;
        int limit = Math.Min(MaxLevels, maxLevels);
        int k = 0;
        while (k < limit && source.IsLevelDone(k) &&
               RunIdentity.PrefixKey(source.Spec, k + 1) == RunIdentity.PrefixKey(store.Spec, k + 1)) k++;
        int first = 0;
        while (first < k && store.IsLevelDone(first)) first++;
        if (first >= k) return null;
        store.CopyLevelsFrom(source, first, k);
        return k == 1 ? $"Level 0 reused from {source.Root}." : $"Levels 0..{k - 1} reused from {source.Root}.";
    }
}
