namespace Rewind.Pruning;

/// <summary>
/// What a strategy can rewind to when a new level starts: θ(0) (<see cref="Init"/>) and the rewind point θ(k)
/// with its optimizer state (<see cref="RewindPoint"/>; equal to θ(0) with a fresh optimizer when k = 0).
/// The previous level's end state is already in the live model when the strategy runs.
/// </summary>
public sealed record RewindContext(Func<Snapshot> Init, Func<Snapshot> RewindPoint);
