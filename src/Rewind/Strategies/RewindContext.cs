using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// What a strategy can rewind to when a new level starts: θ(0) (<see cref="Init"/>) and the rewind point θ(k)
/// with its optimizer state (<see cref="RewindPoint"/>; equal to θ(0) with a fresh optimizer when k = 0).
/// The previous level's end state is already in the live model when the strategy runs.
/// </summary>
/// <param name="Init">Loads θ(0) with a fresh optimizer (the caller disposes it).</param>
/// <param name="RewindPoint">Loads θ(k) with the optimizer state after k steps (the caller disposes it).</param>
public sealed record RewindContext(Func<TrainingSnapshot> Init, Func<TrainingSnapshot> RewindPoint);
