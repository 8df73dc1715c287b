using Rewind.Schedules;

namespace Rewind.Tests.Schedules;

public sealed class PeakScheduleTests
{
    private const double TenDecimals = 5.1e-11;
    private const double SixDecimals = 5.1e-7;

    [Fact]
    public void Fixed_peak_is_the_same_at_every_level()
    {
        var peak = new FixedPeak(0.03);
        Assert.Equal(0.03, peak.Peak(0));
        Assert.Equal(0.03, peak.Peak(7));
        Assert.Equal(0.03, peak.Peak(25));
        Assert.Throws<ArgumentOutOfRangeException>(() => peak.Peak(-1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fixed_peak_rejects_a_learning_rate_that_is_not_positive_and_finite(double lr)
    {
        var ex = Assert.Throws<RewindUserException>(() => new FixedPeak(lr));
        Assert.Contains("optimizer.lr", ex.Message);
    }

    public static TheoryData<int, double> ResNet20Row() => new()
    {
        { 0, 0.03 }, { 1, 0.03 }, { 2, 0.0300390244 }, { 3, 0.0321324546 }, { 4, 0.0476109996 },
        { 5, 0.0644613900 }, { 6, 0.0689293520 }, { 7, 0.0697748613 }, { 8, 0.0699474321 }, { 9, 0.0699866861 },
        { 10, 0.0699964188 }, { 11, 0.0699989926 }, { 12, 0.0699997069 }, { 13, 0.0699999125 },
        { 20, 0.07 }, { 21, 0.07 }, { 22, 0.07 }, { 23, 0.07 }, { 24, 0.07 }, { 25, 0.07 },
    };

    [Theory]
    [MemberData(nameof(ResNet20Row))]
    public void Silo_peak_for_ResNet20_eps_3e2_delta_4e2_hits_the_spec_row(int m, double expected)
    {
        Assert.Equal(expected, SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, 1, 5), TenDecimals);
        Assert.Equal(expected, new SiloPeak(0.03, 0.04, 0.2, 1, 5).Peak(m), TenDecimals);
    }

    public static TheoryData<int, double> Vgg19Row() => new()
    {
        { 0, 0.04 }, { 1, 0.04 }, { 2, 0.0400585366 }, { 3, 0.0431986819 }, { 4, 0.0664164995 },
        { 5, 0.0916920850 }, { 6, 0.0983940281 }, { 7, 0.0996622919 }, { 8, 0.0999211482 }, { 9, 0.0999800292 },
        { 10, 0.0999946282 }, { 11, 0.0999984889 }, { 12, 0.0999995603 }, { 13, 0.0999998687 },
    };

    [Theory]
    [MemberData(nameof(Vgg19Row))]
    public void Silo_peak_for_VGG19_eps_4e2_delta_6e2_hits_the_spec_row(int m, double expected)
    {
        Assert.Equal(expected, SiloPeak.MaxLr(m, 0.04, 0.06, 0.2, 1, 5), TenDecimals);
    }

    public static TheoryData<int, double, double[]> QBetaVariants() => new()
    {
        { 2, 5, [0.03, 0.03, 0.03, 0.030039, 0.032132, 0.047611, 0.064461, 0.068929, 0.069775] },
        { 3, 4, [0.03, 0.03, 0.03, 0.03, 0.030156, 0.033640, 0.048086, 0.062476, 0.067863] },
        { 1, 3, [0.03, 0.03, 0.030615, 0.036044, 0.048562, 0.059987, 0.065849, 0.068283, 0.069266] },
        { 1, 7, [0.03, 0.03, 0.030002, 0.030700, 0.046671, 0.067128, 0.069740, 0.069971, 0.069996] },
        { 0, 5, [0.03, 0.030039, 0.032132, 0.047611, 0.064461, 0.068929, 0.069775, 0.069947, 0.069987] },
        { 5, 5, [0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.030039, 0.032132, 0.047611] },
    };

    [Theory]
    [MemberData(nameof(QBetaVariants))]
    public void Silo_peak_for_other_q_and_beta_hits_the_spec_rows_to_six_decimals(int q, double beta, double[] expected)
    {
        for (int m = 0; m < expected.Length; m++)
            Assert.Equal(expected[m], SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, q, beta), SixDecimals);
    }

    [Theory]
    [InlineData(0.03, 0.04, 0)]
    [InlineData(0.03, 0.04, 1)]
    [InlineData(0.04, 0.06, 1)]
    [InlineData(0.01, 0.5, 3)]
    [InlineData(0.1, 0.0, 5)]
    public void Silo_peak_at_first_growth_level_is_epsilon_plus_delta_over_1025(double eps, double delta, int q)
    {
        // m = q+1 ⇒ γ = p = 0.2 ⇒ (γ/(1−γ))^(−5) = 4^5 = 1024.
        double expected = eps + delta / 1025;
        Assert.Equal(expected, SiloPeak.MaxLr(q + 1, eps, delta, 0.2, q, 5), 1e-15);
    }

    [Fact]
    public void Silo_peak_stays_at_epsilon_through_level_q()
    {
        for (int m = 0; m <= 4; m++)
            Assert.Equal(0.03, SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, 4, 5));
        Assert.True(SiloPeak.MaxLr(5, 0.03, 0.04, 0.2, 4, 5) > 0.03);
    }

    [Fact]
    public void Silo_peak_rises_strictly_below_epsilon_plus_delta_then_settles_on_it_without_overshoot()
    {
        double previous = SiloPeak.MaxLr(1, 0.03, 0.04, 0.2, 1, 5);
        for (int m = 2; m <= 250; m++)
        {
            double lr = SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, 1, 5);
            if (m <= 20)
            {
                Assert.True(lr > previous, $"m={m}: {lr} ≤ {previous}");
                Assert.True(lr < 0.07, $"m={m}: {lr} ≥ ε+δ");
            }
            else
            {
                // Far out the remaining growth is below one ulp of ε+δ.
                Assert.True(lr >= previous && lr <= 0.03 + 0.04, $"m={m}: {lr} after {previous}");
            }
            previous = lr;
        }
        // 0.8^199 < 2^-53, so γ = 1 in double: the guard returns the limit, not NaN.
        Assert.Equal(0.03 + 0.04, SiloPeak.MaxLr(200, 0.03, 0.04, 0.2, 1, 5));
        Assert.Equal(0.03 + 0.04, SiloPeak.MaxLr(5, 0.03, 0.04, 0.999999999999, 1, 5));
    }

    [Theory]
    [InlineData(0.0, 0.04, 0.2, 1, 5.0, "ε")]
    [InlineData(-0.01, 0.04, 0.2, 1, 5.0, "ε")]
    [InlineData(double.NaN, 0.04, 0.2, 1, 5.0, "ε")]
    [InlineData(0.03, -0.01, 0.2, 1, 5.0, "δ")]
    [InlineData(0.03, 0.04, 0.0, 1, 5.0, "p (pruning rate")]
    [InlineData(0.03, 0.04, 1.0, 1, 5.0, "p (pruning rate")]
    [InlineData(0.03, 0.04, -0.2, 1, 5.0, "p (pruning rate")]
    [InlineData(0.03, 0.04, 0.2, -1, 5.0, "q (")]
    [InlineData(0.03, 0.04, 0.2, 1, 0.0, "β")]
    [InlineData(0.03, 0.04, 0.2, 1, -5.0, "β")]
    public void Silo_peak_rejects_parameters_outside_Eq3_naming_the_parameter(
        double eps, double delta, double p, int q, double beta, string named)
    {
        var ex = Assert.Throws<RewindUserException>(() => new SiloPeak(eps, delta, p, q, beta));
        Assert.Contains(named, ex.Message);
        Assert.Contains("must be", ex.Message);
        var ex2 = Assert.Throws<RewindUserException>(() => SiloPeak.MaxLr(3, eps, delta, p, q, beta));
        Assert.Equal(ex.Message, ex2.Message);
    }

    [Fact]
    public void Silo_peak_names_the_offending_value()
    {
        var ex = Assert.Throws<RewindUserException>(() => new SiloPeak(0.03, 0.04, 1.5, 1, 5));
        Assert.Contains("1.5", ex.Message);
    }

    [Fact]
    public void Silo_peak_rejects_negative_levels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SiloPeak.MaxLr(-1, 0.03, 0.04, 0.2, 1, 5));
    }
}
