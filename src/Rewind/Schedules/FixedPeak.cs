namespace Rewind.Schedules;

/// <summary>The same peak learning rate at every level (every benchmark schedule of Paper B Table 1; Paper A's η).</summary>
public sealed class FixedPeak : IPeakSchedule
{
    /// <summary>Creates a fixed peak <paramref name="lr"/>; throws <see cref="RewindUserException"/> unless it is finite and &gt; 0.</summary>
    public FixedPeak(double lr)
    {
        if (!(lr > 0) || !double.IsFinite(lr))
            throw new RewindUserException($"optimizer.lr: {lr} is not a usable peak learning rate; it must be a finite number > 0.");
        Lr = lr;
    }

    /// <summary>The peak learning rate of every level.</summary>
    public double Lr { get; }

    /// <summary>Returns <see cref="Lr"/> for every level ≥ 0 (Paper B Table 1: the benchmarks keep their peak across cycles).</summary>
    public double Peak(int level)
    {
        if (level < 0) throw new ArgumentOutOfRangeException(nameof(level), level, "Levels count from 0 (dense).");
        return Lr;
    }
}
