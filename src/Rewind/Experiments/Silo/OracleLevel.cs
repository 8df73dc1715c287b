namespace Rewind.Experiments.Silo;

/// <summary>
/// The Oracle's decision at one level (Paper B §5.4, ALGORITHMS §6.4): the grid value with the best validation
/// accuracy (the smallest on a tie), and the "optimised interval" — the smallest and largest grid values within
/// <see cref="OracleStudy.IntervalPoints"/> percentage points of the best.
/// </summary>
/// <param name="Level">The level m.</param>
/// <param name="Trials">Every grid value's trial, in grid order.</param>
/// <param name="Chosen">The trial continued from.</param>
/// <param name="IntervalLow">Smallest grid value within 0.5 points of the best validation accuracy.</param>
/// <param name="IntervalHigh">Largest such value.</param>
public sealed record OracleLevel(int Level, IReadOnlyList<OracleTrial> Trials, OracleTrial Chosen, double IntervalLow, double IntervalHigh)
{
    /// <summary>
    /// The decision over <paramref name="trials"/> of one level: best validation accuracy, ties to the smaller peak;
    /// the interval spans the grid values whose validation accuracy is at least the best minus
    /// <paramref name="points"/> percentage points. Pure.
    /// </summary>
    public static OracleLevel Decide(IReadOnlyList<OracleTrial> trials, double points = OracleStudy.IntervalPoints)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0) throw new ArgumentException("The Oracle needs at least one trial.", nameof(trials));
        if (trials.Any(t => !double.IsFinite(t.ValidationAccuracy)))
            throw new RewindUserException("The Oracle chooses by validation accuracy, but a trial has none; set data.validation > 0 (e.g. 5000).");
        var ordered = trials.OrderBy(t => t.Peak).ToArray();
        var chosen = ordered.First(t => t.ValidationAccuracy == ordered.Max(x => x.ValidationAccuracy));
        var near = ordered.Where(t => t.ValidationAccuracy >= chosen.ValidationAccuracy - points / 100).ToArray();
        return new OracleLevel(trials[0].Level, trials, chosen, near.Min(t => t.Peak), near.Max(t => t.Peak));
    }

    /// <summary>True when <paramref name="peak"/> lies in the optimised interval.</summary>
    public bool InInterval(double peak) => peak >= IntervalLow && peak <= IntervalHigh;
}
