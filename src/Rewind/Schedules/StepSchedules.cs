using System.Globalization;

namespace Rewind.Schedules;

/// <summary>
/// Builds the <see cref="IStepSchedule"/> of a level from a <see cref="ScheduleSpec"/> and checks the spec against
/// the level length (ALGORITHMS §5.1 and §6.2–§6.3).
/// </summary>
/// <remarks>
/// Per-step (default): warmup-step is Paper B's "LR warmup" with 1-based iteration t, so a drop at "32000it" applies
/// from the 32000th step of the level (0-based step 31999) on; cosine is <see cref="CosineWarmupSchedule"/>;
/// linear-decay and cyclical are Paper B's. With <c>schedule.per_epoch</c> the LR is set once per epoch as Paper A's
/// code does (<see cref="PaperAStepWarmup"/>, <see cref="PaperACosineWarmup"/>): a drop at "70ep" applies from epoch
/// index 70 on.
/// </remarks>
public static class StepSchedules
{
    /// <summary>The schedule names <see cref="FromSpec"/> understands (the <c>schedule.name</c> choices).</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "warmup-step", "cosine", "linear-decay", "cyclical"];

    /// <summary>
    /// The step shape of a level; <paramref name="includeWarmup"/> = false drops the warm-up ramp (levels ≥ 1 when
    /// <c>schedule.warmup_every_level</c> is false): warmup-step keeps its drops, cosine spans the whole level.
    /// Throws <see cref="RewindUserException"/> for spec errors that do not depend on the level length.
    /// </summary>
    public static IStepSchedule FromSpec(ScheduleSpec spec, long iterationsPerEpoch, bool includeWarmup)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckIterationsPerEpoch(iterationsPerEpoch);
        ValidateShape(spec, iterationsPerEpoch);
        long ipe = iterationsPerEpoch;
        long warmup = includeWarmup ? spec.Warmup.ToIterations(ipe) : 0;
        return (spec.Name, spec.PerEpoch) switch
        {
            ("constant", _) => new ConstantSchedule(),
            ("warmup-step", false) => new WarmupStepSchedule(warmup, [.. spec.Drops.Select(d => d.ToIterations(ipe))], spec.DropFactor),
            ("warmup-step", true) => new PaperAStepWarmup(ipe, checked((int)(warmup / ipe)),
                [.. spec.Drops.Select(d => checked((int)(d.ToIterations(ipe) / ipe)))], spec.DropFactor),
            ("cosine", false) => new CosineWarmupSchedule(warmup, spec.MinLr),
            ("cosine", true) => new PaperACosineWarmup(ipe, checked((int)(warmup / ipe)), spec.MinLr),
            ("linear-decay", _) => new LinearDecaySchedule(spec.DecaySteps.ToIterations(ipe)),
            ("cyclical", _) => new CyclicalSchedule(spec.CycleLow, spec.HalfPeriod.ToIterations(ipe)),
            _ => throw new InvalidOperationException($"schedule '{spec.Name}' passed validation but has no builder"),
        };
    }

    /// <summary>The step shape of pruning level <paramref name="level"/>: the warm-up is kept at level 0 and, if <c>schedule.warmup_every_level</c>, at every level.</summary>
    public static IStepSchedule ForLevel(ScheduleSpec spec, long iterationsPerEpoch, int level)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (level < 0) throw new ArgumentOutOfRangeException(nameof(level), level, "Levels count from 0 (dense).");
        return FromSpec(spec, iterationsPerEpoch, includeWarmup: level == 0 || spec.WarmupEveryLevel);
    }

    /// <summary>
    /// Checks <paramref name="spec"/> against a level of <paramref name="levelSteps"/> steps and throws a
    /// <see cref="RewindUserException"/> naming the <c>schedule.*</c> key for: unknown names, negative durations,
    /// warm-ups longer than the level, drops outside the level or out of order, bad factors/floors, settings the
    /// chosen schedule would ignore, and per-epoch schedules on partial epochs.
    /// </summary>
    public static void Validate(ScheduleSpec spec, long iterationsPerEpoch, long levelSteps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckIterationsPerEpoch(iterationsPerEpoch);
        if (levelSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(levelSteps), levelSteps, "A level has at least one step.");
        ValidateShape(spec, iterationsPerEpoch);
        long ipe = iterationsPerEpoch;
        string level = $"a level ({levelSteps} iterations, training.duration)";

        if (spec.PerEpoch && levelSteps % ipe != 0)
            throw new RewindUserException(
                $"schedule.per_epoch: a level of {levelSteps} iterations is not a whole number of epochs of {ipe} iterations; " +
                "set training.duration in whole epochs (e.g. \"150ep\") or set schedule.per_epoch to false.");

        long warmup = spec.Warmup.ToIterations(ipe);
        if (spec.Name == "warmup-step" && warmup > levelSteps)
            throw new RewindUserException(
                $"schedule.warmup: {Show(spec.Warmup, ipe)} is longer than {level}; use at most {levelSteps} iterations.");
        if (spec.Name == "cosine" && warmup >= levelSteps)
            throw new RewindUserException(
                $"schedule.warmup: {Show(spec.Warmup, ipe)} leaves no step of {level} for the cosine; use fewer than {levelSteps} iterations.");

        if (spec.Name == "warmup-step")
        {
            foreach (var d in spec.Drops)
            {
                long c = d.ToIterations(ipe);
                if (!spec.PerEpoch && c > levelSteps)
                    throw new RewindUserException(
                        $"schedule.drops: {Show(d, ipe)} lies beyond the end of {level}; drops must be at most {levelSteps} iterations.");
                if (spec.PerEpoch && c >= levelSteps)
                    throw new RewindUserException(
                        $"schedule.drops: {Show(d, ipe)} is not an epoch of {level} ({levelSteps / ipe} epochs, indices 0..{levelSteps / ipe - 1}); " +
                        "remove it or lengthen training.duration.");
            }
        }
    }

    /// <summary>Checks everything that does not depend on the level length.</summary>
    private static void ValidateShape(ScheduleSpec spec, long ipe)
    {
        string name = spec.Name ?? "";
        if (!Names.Contains(name))
            throw new RewindUserException(
                $"schedule.name: '{spec.Name}' is not a schedule; choose one of {string.Join(", ", Names)}.");

        CheckDuration("schedule.warmup", spec.Warmup);
        CheckDuration("schedule.decay_steps", spec.DecaySteps);
        CheckDuration("schedule.half_period", spec.HalfPeriod);
        ArgumentNullException.ThrowIfNull(spec.Drops);
        foreach (var d in spec.Drops) CheckDuration("schedule.drops", d);

        if (!(spec.DropFactor > 0 && spec.DropFactor <= 1))
            throw new RewindUserException(
                $"schedule.drop_factor: {Num(spec.DropFactor)} is not allowed; it must lie in (0, 1] (Paper A and B use 0.1).");
        if (!(spec.MinLr >= 0) || !double.IsFinite(spec.MinLr))
            throw new RewindUserException($"schedule.min_lr: {Num(spec.MinLr)} is not allowed; it must be a finite number ≥ 0.");
        if (!(spec.CycleLow >= 0) || !double.IsFinite(spec.CycleLow))
            throw new RewindUserException($"schedule.cycle_low: {Num(spec.CycleLow)} is not allowed; it must be a finite number ≥ 0.");

        // Settings the chosen schedule would silently ignore are mistakes.
        if (!spec.Warmup.IsZero && name is not ("warmup-step" or "cosine"))
            throw Unused("schedule.warmup", Show(spec.Warmup, ipe), name, "warmup-step or cosine",
                name == "constant" ? " (a ramp to a constant LR is warmup-step without drops)" : "");
        if (spec.Drops.Count > 0 && name != "warmup-step")
            throw Unused("schedule.drops", "[" + string.Join(", ", spec.Drops) + "]", name, "warmup-step", "");
        if (spec.MinLr != 0 && name != "cosine")
            throw Unused("schedule.min_lr", Num(spec.MinLr), name, "cosine", "");
        if (!spec.DecaySteps.IsZero && name != "linear-decay")
            throw Unused("schedule.decay_steps", Show(spec.DecaySteps, ipe), name, "linear-decay", "");
        if ((spec.CycleLow != 0 || !spec.HalfPeriod.IsZero) && name != "cyclical")
            throw Unused(spec.CycleLow != 0 ? "schedule.cycle_low" : "schedule.half_period",
                spec.CycleLow != 0 ? Num(spec.CycleLow) : Show(spec.HalfPeriod, ipe), name, "cyclical", "");

        if (name == "cyclical" && spec.HalfPeriod.ToIterations(ipe) <= 0)
            throw new RewindUserException(
                "schedule.half_period: cyclical needs a half-period of at least one iteration (Paper B uses e.g. \"8000it\"); set schedule.half_period.");

        if (name == "warmup-step")
        {
            long previous = 0;
            foreach (var d in spec.Drops)
            {
                long c = d.ToIterations(ipe);
                if (c < 1)
                    throw new RewindUserException(
                        $"schedule.drops: {Show(d, ipe)} is not allowed; drops lie inside the level, at ≥ 1 iteration.");
                if (c <= previous)
                    throw new RewindUserException(
                        $"schedule.drops: {Show(d, ipe)} does not come after the previous drop ({previous} iterations); list drops in increasing order without repeats.");
                previous = c;
            }
        }

        if (spec.PerEpoch)
        {
            if (name is "linear-decay" or "cyclical")
                throw new RewindUserException(
                    $"schedule.per_epoch: true is only available for constant, warmup-step and cosine (Paper A's schedules), not '{name}'; set it to false.");
            if (spec.Warmup.ToIterations(ipe) % ipe != 0)
                throw NotWholeEpochs("schedule.warmup", spec.Warmup, ipe);
            foreach (var d in spec.Drops)
                if (d.ToIterations(ipe) % ipe != 0)
                    throw NotWholeEpochs("schedule.drops", d, ipe);
        }
    }

    private static void CheckIterationsPerEpoch(long iterationsPerEpoch)
    {
        if (iterationsPerEpoch <= 0)
            throw new ArgumentOutOfRangeException(nameof(iterationsPerEpoch), iterationsPerEpoch, "An epoch has at least one iteration.");
    }

    private static void CheckDuration(string key, Duration d)
    {
        if (d.Epochs < 0 || d.Iterations < 0)
            throw new RewindUserException($"{key}: {d} is negative; durations are ≥ 0, e.g. \"10ep\" or \"500it\".");
    }

    private static RewindUserException Unused(string key, string value, string name, string users, string hint) =>
        new($"{key}: {value} has no effect with schedule.name '{name}' (it is used by {users}){hint}; remove it or change schedule.name.");

    private static RewindUserException NotWholeEpochs(string key, Duration d, long ipe) =>
        new($"{key}: {Show(d, ipe)} is not a whole number of epochs of {ipe} iterations, which schedule.per_epoch needs; write it in epochs (e.g. \"10ep\").");

    private static string Show(Duration d, long ipe) =>
        d.Epochs == 0 ? d.ToString() : $"{d} (= {d.ToIterations(ipe)} iterations)";

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
