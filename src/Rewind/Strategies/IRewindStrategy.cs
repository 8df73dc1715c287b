using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// Where a pruning level starts from (ALGORITHMS.md §1–§4). Called after the new mask is in place with the live
/// model holding the previous level's trained weights; the loop applies the mask to weights and optimizer state
/// afterwards, so a strategy only chooses values.
/// </summary>
public interface IRewindStrategy
{
    /// <summary>The name used in <c>pruning.strategy</c>.</summary>
    string Name { get; }

    /// <summary>True when the level runs at the schedule's final learning rate instead of replaying it (fine-tuning).</summary>
    bool ConstantFinalRate => false;

    /// <summary>Sets the starting weights and optimizer state of the next level.</summary>
    void PrepareLevel(TrainingState state, RewindContext rewind);
}
