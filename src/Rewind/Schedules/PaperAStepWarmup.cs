namespace Rewind.Schedules;

/// <summary>
/// Paper A's per-epoch step schedules (ALGORITHMS §5.1), set once per epoch at <c>e = step / stepsPerEpoch</c>:
/// warm-up <c>e &lt; W: η(e+1)/W</c> (or a flat <c>fraction·η</c>), then <c>η·factor^#{D ≤ e}</c> over the 0-based
/// drop epochs <c>D</c>.
/// </summary>
/// <remarks>
/// <see cref="Default"/> (W = 10, drops 70 and 130) equals the code's <c>η·0.1^⌊(e−10)/60⌋</c> for every level of
/// up to 190 epochs (Paper A uses 150); <see cref="ImageNet"/> is the ImageNet variant; <see cref="DenseWarmup"/> is
/// the dense pre-training phase that defines the rewind point. A drop at D applies from epoch index D on.
/// </remarks>
public sealed class PaperAStepWarmup : IStepSchedule
{
    private readonly int[] _dropEpochs;

    /// <summary>Creates a per-epoch warm-up-then-step schedule (Paper A §5.1); <paramref name="flatWarmupFraction"/> null = linear ramp.</summary>
    public PaperAStepWarmup(long stepsPerEpoch, int warmupEpochs, IReadOnlyList<int> dropEpochs, double factor = 0.1,
        double? flatWarmupFraction = null)
    {
        ArgumentNullException.ThrowIfNull(dropEpochs);
        EpochIndex.CheckStepsPerEpoch(stepsPerEpoch);
        if (warmupEpochs < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "The warm-up length is ≥ 0 epochs.");
        if (!(factor > 0 && factor <= 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The drop factor lies in (0, 1].");
        if (flatWarmupFraction is { } f && !(f > 0 && f <= 1))
            throw new ArgumentOutOfRangeException(nameof(flatWarmupFraction), f, "The flat warm-up fraction lies in (0, 1].");
        for (int i = 0; i < dropEpochs.Count; i++)
        {
            if (dropEpochs[i] < 1)
                throw new ArgumentOutOfRangeException(nameof(dropEpochs), dropEpochs[i], "Drop epochs are ≥ 1 (0-based epoch index from which the drop applies).");
            if (i > 0 && dropEpochs[i] <= dropEpochs[i - 1])
                throw new ArgumentException($"Drop epochs must be strictly increasing; {dropEpochs[i]} follows {dropEpochs[i - 1]}.", nameof(dropEpochs));
        }
        StepsPerEpoch = stepsPerEpoch;
        WarmupEpochs = warmupEpochs;
        Factor = factor;
        FlatWarmupFraction = flatWarmupFraction;
        _dropEpochs = [.. dropEpochs];
    }

    /// <summary>Paper A's CIFAR-100 / Tiny ImageNet "step-warmup": ramp over 10 epochs, ×0.1 at epochs 70 and 130 (§5.1).</summary>
    public static PaperAStepWarmup Default(long stepsPerEpoch) => new(stepsPerEpoch, 10, [70, 130]);

    /// <summary>Paper A's ImageNet step-warmup: 0.1η for 10 epochs, η until 40, 0.1η until 70, then 0.01η (§5.1).</summary>
    public static PaperAStepWarmup ImageNet(long stepsPerEpoch) => new(stepsPerEpoch, 10, [40, 70], 0.1, 0.1);

    /// <summary>Paper A's dense warm-up before level 0: <c>η(e+1)/W</c> for W epochs (§5.1; defines the rewind point).</summary>
    public static PaperAStepWarmup DenseWarmup(long stepsPerEpoch, int warmupEpochs) => new(stepsPerEpoch, warmupEpochs, []);

    /// <summary>Paper A's ImageNet dense warm-up: a constant 0.1η for W epochs (§5.1).</summary>
    public static PaperAStepWarmup ImageNetDenseWarmup(long stepsPerEpoch, int warmupEpochs) =>
        new(stepsPerEpoch, warmupEpochs, [], 0.1, 0.1);

    /// <summary>Optimizer steps in one epoch.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>Warm-up epochs W (Paper A: 10 inside a level).</summary>
    public int WarmupEpochs { get; }

    /// <summary>0-based epoch indices from which the LR is multiplied by <see cref="Factor"/> once more.</summary>
    public IReadOnlyList<int> DropEpochs => _dropEpochs;

    /// <summary>Multiplier per drop (Paper A: 0.1).</summary>
    public double Factor { get; }

    /// <summary>When set, the warm-up is the constant <c>fraction·η</c> instead of the ramp (Paper A's ImageNet: 0.1).</summary>
    public double? FlatWarmupFraction { get; }

    /// <summary>Returns Paper A's step-warmup LR of the epoch containing <paramref name="step"/> (§5.1).</summary>
    public double LearningRate(long step, long totalSteps, double peak)
    {
        var (e, _) = EpochIndex.Of(step, totalSteps, StepsPerEpoch);
        if (e < WarmupEpochs)
        {
            double warm = FlatWarmupFraction is { } f ? f * peak : peak * (e + 1) / WarmupEpochs;
            return Scale(warm, e);
        }
        return Scale(peak, e);
    }

    private double Scale(double lr, long e)
    {
        int dropped = 0;
        foreach (var d in _dropEpochs)
            if (e >= d) dropped++;
        return dropped == 0 ? lr : lr * Math.Pow(Factor, dropped);
    }
}
