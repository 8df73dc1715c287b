namespace Rewind.Schedules;

/// <summary>The learning-rate shape inside one level (restarted at each level unless the strategy says not).</summary>
public sealed record ScheduleSpec
{
    [Help("The learning-rate shape inside one level, scaled by the level's peak (see `rewind schedule show SPEC`).")]
    [Choices(typeof(StepSchedules), nameof(StepSchedules.Names))]
    public string Name { get; init; } = "constant";

    [Help("Linear warm-up length at the start of a level, e.g. \"1ep\" or \"500it\".")]
    public Duration Warmup { get; init; } = Duration.Zero;

    [Help("warmup-step: points inside a level where the LR is multiplied by drop_factor, e.g. [\"20ep\", \"30ep\"].")]
    public IReadOnlyList<Duration> Drops { get; init; } = [];

    [Help("warmup-step: factor applied at each drop.")]
    [Range(0, 1, MinExclusive = true)]
    public double DropFactor { get; init; } = 0.1;

    [Help("cosine: the floor the cosine decays to (Paper A's code uses 0.01).")]
    [Range(0, 100)]
    public double MinLr { get; init; }

    [Help("Warm up at every level (true) or only in the dense level 0 (false).")]
    public bool WarmupEveryLevel { get; init; } = true;

    [Help("linear-decay: steps over which the LR falls linearly from the peak to 0 (Paper B's b), e.g. \"63000it\"; 0 = the whole level.")]
    public Duration DecaySteps { get; init; } = Duration.Zero;

    [Help("cyclical: the low end of the triangle (Paper B's a); the high end is the level's peak LR.")]
    [Range(0, 100)]
    public double CycleLow { get; init; }

    [Help("cyclical: steps from the low end to the peak (Smith's step size, Paper B's c), e.g. \"8000it\"; required for cyclical.")]
    public Duration HalfPeriod { get; init; } = Duration.Zero;

    [Help("Set the LR once per epoch from the 0-based epoch index e, as Paper A's code does (warm-up (e+1)/W, a drop at D applies from epoch D); constant, warmup-step and cosine only; durations must be whole epochs.")]
    public bool PerEpoch { get; init; }
}
