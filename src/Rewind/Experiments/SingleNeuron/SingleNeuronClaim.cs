namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Paper A's claim "IMP succeeds only when a(0) &gt; 0 and w_1(0) &gt; 0; LRR whenever a(0) &gt; 0" (§2.3, Fig. 2a; d ≥ 2)
/// checked against measured success rates, and its d = 1 corollary "IMP and LRR are equally successful" (Fig. 18a).
/// </summary>
/// <param name="Verdict">Held if every d ≥ 2 cell is consistent.</param>
/// <param name="Checks">One check per (d ≥ 2, sign case, strategy).</param>
/// <param name="EqualAtD1">For d = 1: whether IMP and LRR have the same success count in every sign case (null if d = 1 was not run).</param>
public sealed record SingleNeuronClaim(
    SingleNeuronVerdict Verdict,
    IReadOnlyList<SingleNeuronClaimCheck> Checks,
    bool? EqualAtD1)
{
    /// <summary>A predicted success counts as observed when at least this fraction of runs succeed.</summary>
    public const double SucceedsAtLeast = 0.8;

    /// <summary>A predicted failure counts as observed when at most this fraction of runs succeed.</summary>
    public const double FailsAtMost = 0.2;

    /// <summary>The claim's prediction for a sign case and strategy (Paper A §2.3).</summary>
    public static bool Predicts(SingleNeuronSignCase signCase, SingleNeuronStrategy strategy) =>
        strategy == SingleNeuronStrategy.Imp
            ? signCase == SingleNeuronSignCase.APositiveW1Positive
            : SingleNeuronLabels.SignOfA(signCase) > 0;

    /// <summary>Checks the claim against summary rows (computed from the data, thresholds above).</summary>
    public static SingleNeuronClaim Evaluate(IReadOnlyList<SingleNeuronSummaryRow> summary)
    {
        var checks = new List<SingleNeuronClaimCheck>();
        foreach (var row in summary.Where(r => r.Dimension >= 2))
        {
            bool expected = Predicts(row.SignCase, row.Strategy);
            bool consistent = expected ? row.SuccessRate >= SucceedsAtLeast : row.SuccessRate <= FailsAtMost;
            checks.Add(new SingleNeuronClaimCheck(row.Dimension, row.SignCase, row.Strategy, expected, row.SuccessRate, consistent));
        }

        var verdict = checks.Count == 0 ? SingleNeuronVerdict.NotTested
            : checks.All(c => c.Consistent) ? SingleNeuronVerdict.Held
            : SingleNeuronVerdict.NotHeld;

        var d1 = summary.Where(r => r.Dimension == 1).ToList();
        bool? equal = d1.Count == 0 ? null
            : d1.GroupBy(r => r.SignCase).All(g => g.Select(r => r.Successes).Distinct().Count() == 1);
        return new SingleNeuronClaim(verdict, checks, equal);
    }
}

/// <summary>
/// One cell of the claim check: what Paper A §2.3 predicts for (d, sign case, strategy) and the measured success rate.
/// </summary>
/// <param name="Dimension">Input dimension d (≥ 2: the claim is about the overparameterised neuron).</param>
/// <param name="SignCase">Initial signs.</param>
/// <param name="Strategy">IMP or LRR.</param>
/// <param name="ExpectedSuccess">The claim's prediction: IMP only for (+,+), LRR whenever a(0) &gt; 0.</param>
/// <param name="SuccessRate">Measured success rate.</param>
/// <param name="Consistent">Rate ≥ <see cref="SingleNeuronClaim.SucceedsAtLeast"/> if success is predicted, ≤ <see cref="SingleNeuronClaim.FailsAtMost"/> if failure is.</param>
public sealed record SingleNeuronClaimCheck(
    int Dimension,
    SingleNeuronSignCase SignCase,
    SingleNeuronStrategy Strategy,
    bool ExpectedSuccess,
    double SuccessRate,
    bool Consistent);

/// <summary>Whether the measured success rates agree with Paper A's single-neuron claim (§2.3).</summary>
public enum SingleNeuronVerdict
{
    /// <summary>Every checked cell agrees with the claim.</summary>
    Held,

    /// <summary>At least one checked cell contradicts the claim.</summary>
    NotHeld,

    /// <summary>No dimension d ≥ 2 was run, so the claim about overparameterisation could not be checked.</summary>
    NotTested,
}
