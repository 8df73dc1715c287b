using Rewind.Data;
using Rewind.Models;
using Rewind.Schedules;
using Rewind.Training;

namespace Rewind.Specs;

/// <summary>
/// Everything that determines an iterative-pruning run. Immutable; every field has a default, so the resolved
/// spec written to <c>spec.yaml</c> of a run directory reproduces the run exactly. YAML keys and <c>--set</c>
/// keys are the snake_case property names joined with dots (<c>optimizer.weight_decay</c>).
/// </summary>
public sealed record RunSpec
{
    [Help("Name of the run; used for the default output folder.")]
    public string Name { get; init; } = "run";

    [Help("Seed every random draw flows from (initialisation, data order, random masks).")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; }

    [Help("Compute device: cpu, or cuda with a CUDA build of TorchSharp.")]
    [Choices(typeof(Devices), nameof(Devices.Names))]
    public string Device { get; init; } = "cpu";

    [Help("Intra-op threads; 0 = the machine's default. Results are bit-identical only for the same count.")]
    [Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>Which dataset and how much of it (YAML section <c>data</c>).</summary>
    [Help("Which dataset and how much of it.")]
    public DataSpec Data { get; init; } = new();

    /// <summary>Which network (YAML section <c>model</c>).</summary>
    [Help("Which network.")]
    public ModelSpec Model { get; init; } = new();

    /// <summary>How long each level trains and on what batches (YAML section <c>training</c>).</summary>
    [Help("How long each level trains and on what batches.")]
    public TrainingSpec Training { get; init; } = new();

    /// <summary>Optimizer and its hyperparameters (YAML section <c>optimizer</c>).</summary>
    [Help("Optimizer and its hyperparameters.")]
    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary>The learning-rate shape inside one level (YAML section <c>schedule</c>).</summary>
    [Help("The learning-rate shape inside one level.")]
    public ScheduleSpec Schedule { get; init; } = new();

    /// <summary>How the network is pruned between levels and where each level restarts from (YAML section <c>pruning</c>).</summary>
    [Help("How the network is pruned between levels and where each level restarts from.")]
    public PruningSpec Pruning { get; init; } = new();

    /// <summary>How the peak learning rate moves from level to level (YAML section <c>peak</c>; Paper B).</summary>
    [Help("How the peak learning rate moves from level to level (Paper B: fixed, SILO, adaptive).")]
    public PeakSpec Peak { get; init; } = new();
}
