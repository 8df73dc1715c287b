using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Pruning;

/// <summary>
/// The learning-rate plan of each level of a spec: the step shape (warm-up at level 0 and, if asked, at every level),
/// the dense warm-up phase in front of level 0 (<c>training.dense_warmup</c>, Paper A), the level's peak, and fine-tuning's
/// constant final rate. The loop and <c>rewind schedule show</c> both build their plans here.
/// </summary>
public static class LevelPlans
{
    /// <summary>Optimizer steps of level <paramref name="level"/>: <c>training.duration</c>, plus the dense warm-up at level 0.</summary>
    public static long Steps(RunSpec spec, long stepsPerEpoch, int level)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long steps = spec.Training.Duration.ToIterations(stepsPerEpoch);
        return level == 0 ? steps + spec.Training.DenseWarmup.ToIterations(stepsPerEpoch) : steps;
    }

    /// <summary>The plan of <paramref name="level"/> at target <paramref name="density"/> with the level's <paramref name="peak"/>.</summary>
    public static LevelPlan For(RunSpec spec, long stepsPerEpoch, int level, double density, double peak, bool constantFinalRate)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IStepSchedule shape = StepSchedules.ForLevel(spec.Schedule, stepsPerEpoch, level);
        long warmup = spec.Training.DenseWarmup.ToIterations(stepsPerEpoch);
        if (level == 0 && warmup > 0) shape = new DenseWarmupPhase(shape, warmup, spec.Schedule.PerEpoch ? stepsPerEpoch : 0);
        return new LevelPlan(level, density, Steps(spec, stepsPerEpoch, level), stepsPerEpoch, shape, peak,
            ConstantFinalRate: level > 0 && constantFinalRate);
    }
}
