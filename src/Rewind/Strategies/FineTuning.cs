using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// Fine-tuning, Renda et al.'s baseline (ALGORITHMS.md §4): weights and optimizer state continue and every pruned
/// level trains at the schedule's final (smallest) learning rate instead of replaying the schedule.
/// </summary>
public sealed class FineTuning : IRewindStrategy
{
    /// <inheritdoc/>
    public string Name => "ft";

    /// <inheritdoc/>
    public bool ConstantFinalRate => true;

    /// <inheritdoc/>
    public void PrepareLevel(TrainingState state, RewindContext rewind)
    {
        // Weights and optimizer continue; only the learning rate differs (ConstantFinalRate).
    }
}
