using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// Weight rewinding (Frankle et al. 2020; Renda et al. 2020; ALGORITHMS.md §3): remaining weights return to θ(k)
/// recorded after <c>pruning.rewind_to</c> steps of the dense run, and the optimizer state returns to its value
/// at that point (Paper A's code; open_lth instead starts a fresh optimizer). Each level replays the full schedule,
/// as Paper A does (Renda/open_lth would run T−k steps).
/// </summary>
public sealed class WeightRewinding : IRewindStrategy
{
    /// <inheritdoc/>
    public string Name => "wr";

    /// <inheritdoc/>
    public void PrepareLevel(TrainingState state, RewindContext rewind)
    {
        using var point = rewind.RewindPoint();
        state.LoadModel(point.Model);
        state.Optimizer.LoadState(point.Optimizer);
    }
}
