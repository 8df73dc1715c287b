using System.Globalization;
using Rewind.Specs;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// What the level loop does when <see cref="Trainer"/> reports a divergence (<see cref="TrainingDivergedException"/>),
/// per <c>training.on_divergence</c>: <c>stop</c> — a user error naming the level, the step, the learning rate and what
/// to change; <c>record</c> — the level ends at its last finite epoch boundary (its start, if none) and is recorded as
/// diverged, and the run goes on. Level 0 always stops: every later level starts from it.
/// </summary>
public static class LevelDivergence
{
    /// <summary>True when a divergence at <paramref name="level"/> is recorded rather than stopping the run.</summary>
    public static bool Records(RunSpec spec, int level)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return level > 0 && spec.Training.OnDivergence == "record";
    }

    /// <summary>The user error for a divergence that stops the run.</summary>
    public static RewindUserException Stop(TrainingDivergedException divergence, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(divergence);
        ArgumentNullException.ThrowIfNull(store);
        var spec = store.Spec;
        var lower = (spec.Optimizer.Lr / 10).ToString("G3", CultureInfo.InvariantCulture);
        var lr = spec.Optimizer.Lr.ToString("G6", CultureInfo.InvariantCulture);
        var record = divergence.Level == 0
            ? "Level 0 must converge: every pruned level starts from it (training.on_divergence: record applies to pruned levels only)."
            : "Or set training.on_divergence: record to keep such a level's last finite state, mark it diverged in the reports and go on.";
        return new RewindUserException(
            $"{store.Root}: {divergence.Message}. Nothing after the last finite epoch boundary (step {divergence.LastFiniteStep}) " +
            "was kept, but resuming repeats the same steps and diverges again. A run keeps its spec, so start a new run " +
            $"(another --out) with a lower optimizer.lr (now {lr}; try {lower}) or a longer warm-up (schedule.warmup). {record}",
            divergence);
    }

    /// <summary>
    /// Puts the level's last finite state back into <paramref name="state"/> (the checkpoint of its last epoch boundary,
    /// or of its start, which the loop stores first when divergences are recorded) and returns the epoch metrics up to it.
    /// </summary>
    public static IReadOnlyList<EpochMetrics> RestoreLastFinite(RunStore store, TrainingState state, Device device, int level)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var checkpoint = store.LoadCheckpoint(level);
        checkpoint.RestoreInto(state, device);
        return checkpoint.History;
    }

    /// <summary>The progress message for a recorded divergence.</summary>
    public static string Recorded(TrainingDivergedException divergence)
    {
        ArgumentNullException.ThrowIfNull(divergence);
        return $"Warning: {divergence.Message}; level {divergence.Level} is recorded as diverged and ends at its last finite " +
               $"epoch boundary (step {divergence.LastFiniteStep}); the run goes on (training.on_divergence: record).";
    }
}
