using Rewind.Experiments.SingleNeuron;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronClaimTests
{
    private static List<SingleNeuronSummaryRow> Rows(int d, Func<SingleNeuronSignCase, SingleNeuronStrategy, int> successes) =>
        (from c in Enum.GetValues<SingleNeuronSignCase>()
         from s in Enum.GetValues<SingleNeuronStrategy>()
         let k = successes(c, s)
         select new SingleNeuronSummaryRow(d, c, s, 10, 0.01, 0.001, k, k / 10.0, 10, 0.03)).ToList();

    [Fact]
    public void Claim_predicts_IMP_success_only_for_positive_a_and_w1_and_LRR_success_for_positive_a()
    {
        Assert.True(SingleNeuronClaim.Predicts(SingleNeuronSignCase.APositiveW1Positive, SingleNeuronStrategy.Imp));
        Assert.False(SingleNeuronClaim.Predicts(SingleNeuronSignCase.APositiveW1Negative, SingleNeuronStrategy.Imp));
        Assert.True(SingleNeuronClaim.Predicts(SingleNeuronSignCase.APositiveW1Negative, SingleNeuronStrategy.Lrr));
        Assert.False(SingleNeuronClaim.Predicts(SingleNeuronSignCase.ANegativeW1Positive, SingleNeuronStrategy.Lrr));
    }

    [Fact]
    public void Rates_at_the_thresholds_hold_the_claim()
    {
        var rows = Rows(10, (c, s) => SingleNeuronClaim.Predicts(c, s) ? 8 : 2);
        var claim = SingleNeuronClaim.Evaluate(rows);
        Assert.Equal(SingleNeuronVerdict.Held, claim.Verdict);
        Assert.Equal(8, claim.Checks.Count);
        Assert.Null(claim.EqualAtD1);
    }

    [Fact]
    public void One_IMP_cell_succeeding_half_the_time_breaks_the_claim()
    {
        var rows = Rows(5, (c, s) => s == SingleNeuronStrategy.Imp && c == SingleNeuronSignCase.APositiveW1Negative ? 5
            : SingleNeuronClaim.Predicts(c, s) ? 10 : 0);
        var claim = SingleNeuronClaim.Evaluate(rows);
        Assert.Equal(SingleNeuronVerdict.NotHeld, claim.Verdict);
        var bad = Assert.Single(claim.Checks, k => !k.Consistent);
        Assert.Equal((SingleNeuronSignCase.APositiveW1Negative, SingleNeuronStrategy.Imp, 0.5), (bad.SignCase, bad.Strategy, bad.SuccessRate));
    }

    [Fact]
    public void Only_d_1_leaves_the_claim_untested_but_checks_IMP_equals_LRR()
    {
        var equal = SingleNeuronClaim.Evaluate(Rows(1, (c, _) => c == SingleNeuronSignCase.APositiveW1Positive ? 10 : 0));
        Assert.Equal(SingleNeuronVerdict.NotTested, equal.Verdict);
        Assert.True(equal.EqualAtD1);
        var unequal = SingleNeuronClaim.Evaluate(Rows(1, (c, s) => s == SingleNeuronStrategy.Lrr ? 3 : 0));
        Assert.False(unequal.EqualAtD1);
    }
}
