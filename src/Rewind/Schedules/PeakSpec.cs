namespace Rewind.Schedules;

/// <summary>
/// How the peak learning rate moves from level to level (Paper B; ALGORITHMS §6.1, §6.4). Level 0 always peaks at
/// <c>optimizer.lr</c>; the rule decides the peaks of the pruned levels.
/// </summary>
public sealed record PeakSpec
{
    [Help("How the peak moves from level to level: fixed (optimizer.lr at every level), silo (Paper B Eq. 3: ε = optimizer.lr, an S-curve growing by delta, p = pruning.rate), list (values, one per pruned level; the Oracle records its choices so), adaptive (optimizer.lr scaled by a statistic the network shows at the end of the previous level, relative to level 0).")]
    [Choices(typeof(PeakSchedules), nameof(PeakSchedules.Names))]
    public string Name { get; init; } = "fixed";

    [Help("silo: δ, the growth of the peak, which tends to optimizer.lr + delta (Paper B: 0.04 for ResNet-20, 0.06 for VGG-19).")]
    [Range(0, 100)]
    public double Delta { get; init; }

    [Help("silo: q, pruned levels that keep ε before the peak grows (Paper B: 1; tune in [0, 3]).")]
    [Range(0, 1000)]
    public int Q { get; init; } = 1;

    [Help("silo: β, steepness of the S-curve (Paper B: 5; tune in [3, 6]).")]
    [Range(0, 1000, MinExclusive = true)]
    public double Beta { get; init; } = 5;

    [Help("list: the peak learning rate of pruned levels 1, 2, … (level 0 uses optimizer.lr), one value per level.")]
    [Range(0, 100, MinExclusive = true)]
    public IReadOnlyList<double> Values { get; init; } = [];

    [Help("adaptive: gradient (keep LR² × mean squared gradient of the unpruned weights at its level-0 value) or activation (Paper B Theorem 2: LR ∝ 1/√E_AA, the mean squared input activation of the pruned layers).")]
    [Choices(typeof(LevelStatistics), nameof(LevelStatistics.StatisticNames))]
    public string Statistic { get; init; } = "gradient";

    [Help("adaptive: the smallest allowed peak, as a multiple of optimizer.lr.")]
    [Range(0, 1000, MinExclusive = true)]
    public double MinFactor { get; init; } = 1;

    [Help("adaptive: the largest allowed peak, as a multiple of optimizer.lr.")]
    [Range(0, 1000, MinExclusive = true)]
    public double MaxFactor { get; init; } = 4;
}
