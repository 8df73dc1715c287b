using Rewind.Data;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// An observer of a whole run: besides training progress (<see cref="ITrainingObserver"/>) it sees the run's store and
/// data when the loop starts and each level's state before training. Analysis and the run's own record files plug in
/// here; they read the state and write their results through <see cref="RunContext.Store"/>, and never change training.
/// </summary>
public interface IRunObserver : ITrainingObserver
{
    /// <summary>The loop is about to train: the store, the data and the device are ready.</summary>
    void OnRunStart(RunContext run) { }

    /// <summary>
    /// Level <paramref name="level"/> is ready to train from step <paramref name="startStep"/> (0 at a fresh level, after
    /// pruning and the strategy's start; later when resuming from a checkpoint). Do not modify <paramref name="state"/>.
    /// </summary>
    void OnLevelReady(int level, TrainingState state, long startStep) { }
}

/// <summary>What the loop gives run observers when it starts.</summary>
/// <param name="Store">The run directory (the only way to its files).</param>
/// <param name="Data">The run's data.</param>
/// <param name="Device">Where the network lives.</param>
public sealed record RunContext(RunStore Store, Dataset Data, Device Device);
