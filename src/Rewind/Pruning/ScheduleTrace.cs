using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;

namespace Rewind.Pruning;

/// <summary>
/// The learning rate a spec would use at every step of every level, without training (<c>rewind schedule show</c>):
/// the step shape of each level (warm-up at level 0 and, if asked, at every level; fine-tuning's constant final rate)
/// scaled by the level's peak. Adaptive peaks are decided during the run, so they are drawn at <c>optimizer.lr</c>
/// and <see cref="PeaksKnown"/> is false.
/// </summary>
public sealed class ScheduleTrace
{
    private readonly LevelPlan[] _plans;

    private ScheduleTrace(RunSpec spec, LevelPlan[] plans, bool peaksKnown)
    {
        Spec = spec;
        _plans = plans;
        PeaksKnown = peaksKnown;
    }

    /// <summary>The spec traced.</summary>
    public RunSpec Spec { get; }

    /// <summary>One plan per level, in order.</summary>
    public IReadOnlyList<LevelPlan> Levels => _plans;

    /// <summary>False for adaptive peaks (drawn at <c>optimizer.lr</c>).</summary>
    public bool PeaksKnown { get; }

    /// <summary>Traces <paramref name="spec"/> for a training set of <paramref name="trainCount"/> examples.</summary>
    public static ScheduleTrace Of(RunSpec spec, long trainCount)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (trainCount < 1) throw new ArgumentOutOfRangeException(nameof(trainCount), trainCount, "At least one training example.");
        long spe = Data.Batches.BatchesPerEpoch(trainCount, spec.Training.BatchSize);
        long levelSteps = spec.Training.Duration.ToIterations(spe);
        if (levelSteps <= 0)
            throw new RewindUserException("training.duration: must be longer than 0 (e.g. \"10ep\" or \"2000it\").");
        StepSchedules.Validate(spec.Schedule, spe, levelSteps);
        int pruned = StrategyCatalog.PrunedLevels(spec.Pruning.Strategy, spec.Pruning.Levels);
        PeakSchedules.Validate(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate, pruned);
        bool known = PeakSchedules.IsKnownInAdvance(spec.Peak);
        IPeakSchedule peaks = known ? PeakSchedules.KnownInAdvance(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate) : new FixedPeak(spec.Optimizer.Lr);
        var strategy = StrategyCatalog.Create(spec.Pruning.Strategy);
        var plans = Enumerable.Range(0, pruned + 1).Select(level => LevelPlans.For(spec, spe, level,
            StrategyCatalog.Density(spec.Pruning.Strategy, level, spec.Pruning.Levels, spec.Pruning.Rate), peaks.Peak(level),
            strategy.ConstantFinalRate)).ToArray();
        return new ScheduleTrace(spec, plans, known);
    }

    /// <summary>Traces <paramref name="spec"/> over its own training set (the dataset is loaded once to count its examples).</summary>
    public static ScheduleTrace Of(RunSpec spec) => Of(spec, RunFactory.TrainCount(spec));

    /// <summary>The first step of every level, cumulative over levels.</summary>
    public IReadOnlyList<long> LevelStarts
    {
        get
        {
            var starts = new List<long>();
            long offset = 0;
            foreach (var l in _plans) { starts.Add(offset); offset += l.TotalSteps; }
            return starts;
        }
    }

    /// <summary>One row per level: density, peak, and the learning rate at its first and last step and its smallest and largest value.</summary>
    public IReadOnlyList<(int Level, double Density, double Peak, double First, double Last, double Min, double Max)> Rows() =>
        _plans.Select(plan =>
        {
            long stride = Math.Max(1, plan.TotalSteps / 100_000);
            var lrs = new List<double>();
            for (long t = 0; t < plan.TotalSteps; t += stride) lrs.Add(plan.LearningRate(t));
            lrs.Add(plan.LearningRate(plan.TotalSteps - 1));
            return (plan.Level, plan.Density, plan.Peak, plan.LearningRate(0), plan.LearningRate(plan.TotalSteps - 1), lrs.Min(), lrs.Max());
        }).ToArray();

    /// <summary>
    /// (cumulative step, learning rate) points over all levels, every <c>stride</c>-th step of each level plus its
    /// first and last step, with stride chosen so that at most about <paramref name="maxPoints"/> points come out.
    /// </summary>
    public IReadOnlyList<(long Step, double LearningRate)> Points(int maxPoints = 20_000)
    {
        long total = _plans.Sum(p => p.TotalSteps);
        long stride = Math.Max(1, total / Math.Max(1, maxPoints));
        var points = new List<(long, double)>();
        long offset = 0;
        foreach (var plan in _plans)
        {
            for (long t = 0; t < plan.TotalSteps; t += stride) points.Add((offset + t, plan.LearningRate(t)));
            if ((plan.TotalSteps - 1) % stride != 0) points.Add((offset + plan.TotalSteps - 1, plan.LearningRate(plan.TotalSteps - 1)));
            offset += plan.TotalSteps;
        }
        return points;
    }
}
