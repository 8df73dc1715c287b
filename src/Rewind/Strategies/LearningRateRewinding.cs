using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// Learning-rate rewinding (Renda et al. 2020; ALGORITHMS.md §4): the remaining weights keep their trained values,
/// the optimizer keeps its state (momentum carries over, as in Paper A), and only the LR schedule restarts.
/// </summary>
public sealed class LearningRateRewinding : IRewindStrategy
{
    /// <inheritdoc/>
    public string Name => "lrr";

    /// <inheritdoc/>
    public void PrepareLevel(TrainingState state, RewindContext rewind)
    {
        // Nothing to restore: the live model and optimizer already hold the previous level's end state.
    }
}
