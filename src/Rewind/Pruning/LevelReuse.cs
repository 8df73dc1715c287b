namespace Rewind.Pruning;

/// <summary>Which run to copy finished levels from, and at most how many (levels 0..MaxLevels−1).</summary>
/// <param name="From">The source run directory.</param>
/// <param name="MaxLevels">Copy at most this many levels, counted from level 0.</param>
public sealed record LevelReuse(string From, int MaxLevels);
