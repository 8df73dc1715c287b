using Rewind.Data;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;

namespace Rewind.Pruning;

/// <summary>
/// How a pruned level begins, given the previous level's end state in the live network: prune, let the strategy
/// choose the starting weights and optimizer state, rewind BatchNorm state when asked (Paper A §5.2), and make pruned
/// weights and their optimizer state exactly zero.
/// </summary>
public static class LevelStart
{
    /// <summary>Starts pruned level <paramref name="level"/> at target <paramref name="density"/>; returns a layer-collapse warning or null.</summary>
    public static string? Prepare(TrainingState state, IRewindStrategy strategy, RewindContext rewind, RunSpec spec,
        int level, double density, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(rewind);
        ArgumentNullException.ThrowIfNull(spec);

        // 1. Score the trained weights and shrink the mask (nested, exact counts; scope and settings from pruning.*).
        var context = LevelPruning.Context(state.Model, state.Prunable, state.Mask, spec, level, data, density);
        var next = LevelPruning.Next(context, spec.Pruning, density);
        var warning = LevelPruning.CollapseWarning(state.Mask, next, $"level {level}");
        state.Mask.Dispose();
        state.Mask = next;

        // 2. The strategy picks the starting point; optional BN rewinding resets BN state and optimizer.
        strategy.PrepareLevel(state, rewind);
        var bnNames = Sparsity.Prunable.BatchNormStateNames(state.Model);
        if (spec.Pruning.RewindBatchNorm && bnNames.Count > 0)
        {
            using var point = rewind.RewindPoint();
            state.LoadModel(point.Model, bnNames.Contains);
            state.Optimizer.LoadState(point.Optimizer);
        }

        // 3. Pruned weights and their optimizer state are exactly zero from the first step on.
        state.Mask.ApplyTo(state.Prunable);
        state.Optimizer.ApplyMask(state.Mask, state.Prunable);
        return warning;
    }
}
