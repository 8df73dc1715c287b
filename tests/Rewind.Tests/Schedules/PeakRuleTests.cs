using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Tests.Schedules;

/// <summary>The peak rules of the <c>peak</c> section: list, adaptive, and the spec checks (ALGORITHMS §6.1, §6.4).</summary>
public sealed class PeakRuleTests
{
    private static RunSpec Spec(string yaml) => SpecLoader.FromYaml(yaml, "run.yaml");

    [Fact]
    public void List_peaks_are_optimizer_lr_at_level_0_then_one_value_per_pruned_level()
    {
        var list = new ListPeak(0.03, [0.032, 0.047]);
        Assert.Equal([0.03, 0.032, 0.047], Enumerable.Range(0, 3).Select(list.Peak));
        var e = Assert.Throws<RewindUserException>(() => list.Peak(3));
        Assert.Contains("peak.values: has 2 value(s), for levels 1..2, but level 3 needs one", e.Message);
    }

    [Fact]
    public void Adaptive_peak_is_the_dense_peak_times_the_root_of_level_0_over_the_previous_level_clamped()
    {
        // s_0 = 4, s_1 = 1, s_2 = 0.25, s_3 = 16: factors 1 (level 1 reads s_0 itself), 2, 4 → 3 (max), 0.5 → 1 (min).
        var rule = new AdaptivePeak(0.03, [4, 1, 0.25, 16], minFactor: 1, maxFactor: 3);
        Assert.Equal(0.03, rule.Peak(0));
        Assert.Equal(0.03, rule.Peak(1));
        Assert.Equal(0.03 * 2, rule.Peak(2));
        Assert.Equal(0.03 * 3, rule.Peak(3));
        Assert.Equal(0.03, rule.Peak(4));
        Assert.Throws<InvalidOperationException>(() => rule.Peak(5)); // s_4 not recorded yet
    }

    [Fact]
    public void Adaptive_peak_of_level_m_depends_only_on_the_statistics_of_level_0_and_level_m_minus_1()
    {
        double[] recorded = [2.5e-5, 1.7e-5, 9e-6, 4e-6];
        double Peak(double[] s, int level) => new AdaptivePeak(0.05, s, 0.5, 4).Peak(level);
        for (int m = 1; m <= recorded.Length; m++)
        {
            var changed = (double[])recorded.Clone();
            for (int l = 1; l < recorded.Length; l++)
                if (l != m - 1) changed[l] *= 7; // every statistic the rule must ignore
            Assert.Equal(Peak(recorded, m), Peak(changed, m));
            Assert.Equal(0.05 * Math.Clamp(Math.Sqrt(recorded[0] / recorded[m - 1]), 0.5, 4), Peak(recorded, m));
        }
    }

    [Fact]
    public void Adaptive_factor_is_the_maximum_when_no_gradient_is_left_and_a_user_error_when_not_measured()
    {
        Assert.Equal(4, AdaptivePeak.Factor(1e-4, 0, 1, 4));
        var e = Assert.Throws<RewindUserException>(() => AdaptivePeak.Factor(1e-4, double.NaN, 1, 4));
        Assert.Contains("peak.statistic", e.Message);
        Assert.Contains("use peak.statistic gradient", e.Message);
    }

    [Fact]
    public void Spec_peaks_of_silo_take_epsilon_from_optimizer_lr_and_p_from_pruning_rate()
    {
        var spec = Spec("optimizer: {lr: 0.03}\npruning: {rate: 0.2, levels: 13}\npeak: {name: silo, delta: 0.04}\n");
        var peaks = PeakSchedules.Peaks(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate, 13);
        for (int m = 0; m <= 13; m++) Assert.Equal(SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, 1, 5), peaks[m]);
        Assert.Equal(0.0476109996, peaks[4], 10); // ALGORITHMS §8.2
        Assert.Equal("silo (ε 0.03, δ 0.04, q 1, β 5, p 0.2)", PeakSchedules.Describe(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate));
    }

    [Theory]
    [InlineData("peak: {name: fixed, delta: 0.04}", "peak.delta: 0.04 has no effect with peak.name 'fixed' (it is used by silo)")]
    [InlineData("peak: {name: adaptive, q: 2}", "peak.q: 2 has no effect with peak.name 'adaptive' (it is used by silo)")]
    [InlineData("peak: {name: silo, delta: 0.04, values: [0.1]}", "peak.values: [0.1] has no effect with peak.name 'silo' (it is used by list)")]
    [InlineData("peak: {name: silo, delta: 0.04, max_factor: 2}", "peak.max_factor: 2 has no effect with peak.name 'silo' (it is used by adaptive)")]
    [InlineData("peak: {name: silo}", "peak.delta: SILO needs a growth δ > 0")]
    [InlineData("peak: {name: list, values: [0.1, 0.2]}", "peak.values: has 2 value(s) but the run trains 3 pruned level(s) (pruning.levels)")]
    [InlineData("peak: {name: adaptive, min_factor: 3, max_factor: 2}", "peak.max_factor: 2 is below peak.min_factor 3")]
    public void Peak_settings_that_cannot_work_are_user_errors_naming_the_key(string peak, string message)
    {
        var spec = Spec("model: {name: fc-8x1}\npruning: {levels: 3}\n" + peak + "\n");
        var e = Assert.Throws<RewindUserException>(() => RunValidation.Resolve(spec));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("peak: {name: silo, delta: 0.04, beta: 0}", "peak.beta: 0 is outside (0, 1000]")]
    [InlineData("peak: {name: silo, delta: 0.04, beta: -2}", "peak.beta: -2 is outside (0, 1000]")]
    [InlineData("peak: {name: list, values: [0.1, -0.01]}", "peak.values[1]: -0.01 is outside (0, 100]")]
    [InlineData("optimizer: {lr: -0.1}", "optimizer.lr: -0.1 is outside (0, 100]")]
    [InlineData("pruning: {rate: 1}", "pruning.rate: 1 is outside (0, 1)")]
    [InlineData("pruning: {rate: 0}", "pruning.rate: 0 is outside (0, 1)")]
    public void Bad_peak_parameters_are_rejected_when_the_spec_is_read(string yaml, string message)
    {
        var e = Assert.Throws<RewindUserException>(() => Spec(yaml + "\n"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Silo_with_delay_q_computes_levels_0_to_q_as_a_fixed_peak_run_does_and_no_more()
    {
        var fixedPeak = Spec("name: a\noptimizer: {lr: 0.03}\npruning: {levels: 6}\n");
        var silo = Spec("name: b\noptimizer: {lr: 0.03}\npruning: {levels: 4}\npeak: {name: silo, delta: 0.04, q: 2}\n");
        Assert.Equal(RunIdentity.PrefixKey(fixedPeak, 1), RunIdentity.PrefixKey(silo, 1));
        Assert.Equal(RunIdentity.PrefixKey(fixedPeak, 3), RunIdentity.PrefixKey(silo, 3)); // levels 0, 1, 2 at ε
        Assert.NotEqual(RunIdentity.PrefixKey(fixedPeak, 4), RunIdentity.PrefixKey(silo, 4)); // level 3 grows
        var otherStrategy = fixedPeak with { Pruning = fixedPeak.Pruning with { Strategy = "imp" } };
        Assert.Equal(RunIdentity.PrefixKey(fixedPeak, 1), RunIdentity.PrefixKey(otherStrategy, 1));
        Assert.NotEqual(RunIdentity.PrefixKey(fixedPeak, 2), RunIdentity.PrefixKey(otherStrategy, 2));
    }
}
