using Rewind.Data;
using Rewind.Models;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Strategies;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// The one place a run spec is checked as a whole: every rule that crosses keys or depends on the data size, run
/// before anything is written, so a bad spec never leaves a half-made run directory behind.
/// </summary>
public static class RunValidation
{
    /// <summary>The longest run name accepted (it titles reports; the folder name is cut shorter, <see cref="Storage.FolderName"/>).</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// Checks <paramref name="spec"/> and fills in what "default" means on this machine (the thread count), so the spec
    /// written to the run directory reproduces the run exactly. Throws <see cref="RewindUserException"/> naming the key.
    /// </summary>
    public static RunSpec Resolve(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Name.Length > MaxNameLength)
            throw new RewindUserException(
                $"name: {spec.Name.Length:N0} characters; a run's name labels its folder and report and is at most {MaxNameLength} characters.");
        if (!ModelCatalog.IsKnown(spec.Model.Name))
            throw new RewindUserException($"model.name: '{spec.Model.Name}' is not a known model. Known: " +
                                          string.Join(", ", ModelCatalog.Families.Select(f => f.Name)) + ".");
        if (ModelCatalog.NeedsImages(spec.Model.Name) && !DataCatalog.HasImages(spec.Data.Name))
            throw new RewindUserException(
                $"model.name: '{spec.Model.Name}' is a convolutional network and needs image inputs, but data.name " +
                $"'{spec.Data.Name}' holds feature vectors. Use an image dataset (synthetic-images for a generated one, " +
                "fashion-mnist, cifar10, ...) or a fully connected model (e.g. fc-256x3).");
        if (spec.Training.Duration.IsZero)
            throw new RewindUserException("training.duration: must be longer than 0 (e.g. \"10ep\" or \"2000it\").");
        if (spec.Pruning.RewindTo.Epochs > 0 && spec.Training.Duration.Iterations == 0 && spec.Training.DenseWarmup.Iterations == 0 &&
            spec.Pruning.RewindTo.Epochs > spec.Training.Duration.Epochs + spec.Training.DenseWarmup.Epochs)
            throw new RewindUserException(
                $"pruning.rewind_to: {spec.Pruning.RewindTo} lies beyond training.duration {spec.Training.Duration}; choose a point inside level 0.");
        PeakSchedules.Validate(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate,
            StrategyCatalog.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels));
        LevelPruning.Scorer(spec.Pruning); // an unknown scorer fails before any training
        LevelPruning.Options(spec.Pruning);
        CheckLevelLength(spec, RunFactory.StepsPerEpoch(spec)); // loads the data once: a missing dataset fails here too
        return spec.Threads == 0 ? spec with { Threads = get_num_threads() } : spec;
    }

    /// <summary>
    /// The checks that need the level length in steps: the rewind point inside level 0 and the schedule's durations
    /// inside a level. <paramref name="stepsPerEpoch"/> comes from the data.
    /// </summary>
    public static void CheckLevelLength(RunSpec spec, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long levelSteps = spec.Training.Duration.ToIterations(stepsPerEpoch);
        long levelZeroSteps = LevelPlans.Steps(spec, stepsPerEpoch, 0);
        long rewindSteps = spec.Pruning.RewindTo.ToIterations(stepsPerEpoch);
        if (rewindSteps > levelZeroSteps)
            throw new RewindUserException(
                $"pruning.rewind_to: {spec.Pruning.RewindTo} = {rewindSteps} steps lies beyond level 0's {levelZeroSteps} steps " +
                $"({stepsPerEpoch} steps per epoch); choose a point inside level 0.");
        StepSchedules.Validate(spec.Schedule, stepsPerEpoch, levelSteps);
    }
}
