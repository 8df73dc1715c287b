using Rewind.Analysis.Theory;

namespace Rewind.Tests.Analysis.Theory;

public sealed class SiloTheoryTests
{
    [Theory]
    [InlineData(0.1, 0.9994747482)]
    [InlineData(0.2, 0.9957575234)]
    [InlineData(0.3, 0.9854446343)]
    [InlineData(0.4, 0.9646603703)]
    [InlineData(0.5, 0.9286740823)]
    [InlineData(0.6, 0.8712437936)]
    [InlineData(0.7, 0.7833070795)]
    [InlineData(0.8, 0.6498203241)]
    [InlineData(0.9, 0.4392860643)]
    [InlineData(0.99, 0.0844916596)]
    public void F_is_the_pruned_gaussian_second_moment_of_the_spec_table(double tau, double expected)
    {
        Assert.Equal(expected, SiloTheory.F(tau), 1e-9);
    }

    [Fact]
    public void F_is_one_unpruned_and_zero_fully_pruned()
    {
        Assert.Equal(1.0, SiloTheory.F(0));
        Assert.Equal(0.0, SiloTheory.F(1));
        Assert.Equal(0.0, SiloTheory.F(1.5));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void F_rejects_a_negative_or_undefined_pruned_fraction(double tau)
    {
        var ex = Assert.Throws<RewindUserException>(() => SiloTheory.F(tau));
        Assert.Contains("τ", ex.Message);
    }

    [Theory]
    [InlineData(0.1, 0.0888559905)]
    [InlineData(0.2, 0.1791434546)]
    [InlineData(0.5, 0.4769362762)]
    [InlineData(0.8, 0.9061938024)]
    [InlineData(0.9, 1.1630871537)]
    [InlineData(0.99, 1.8213863677)]
    public void Pruning_threshold_at_unit_variance_over_root_two_is_erfinv_of_the_spec_table(double tau, double erfinv)
    {
        // β = √2·σ_W·erfinv(τ); σ_W = 1/√2 leaves erfinv(τ).
        Assert.Equal(erfinv, SiloTheory.PruningThreshold(tau, 1 / Math.Sqrt(2)), 1e-10);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void F_matches_a_monte_carlo_second_moment_of_magnitude_pruned_gaussian_weights(double tau)
    {
        const double sigma = 0.3;
        const int n = 400_000;
        var rng = new Random(12345);
        double beta = SiloTheory.PruningThreshold(tau, sigma);
        double sum = 0;
        int pruned = 0;
        for (int i = 0; i < n; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double w = sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            if (Math.Abs(w) > beta) sum += w * w; else pruned++;
        }
        Assert.Equal(tau, (double)pruned / n, 0.005);
        Assert.Equal(SiloTheory.F(tau), sum / n / (sigma * sigma), 0.01);
    }

    [Theory]
    [InlineData(1.0, 1.0, 10, 0.2, 5, 9.114023842)]
    [InlineData(0.1, 0.01, 100, 0.2, 10, 1.458814833e-4)]
    [InlineData(1.0, 0.5, 100, 0.1, 3, 24.98324149)]
    [InlineData(2.0, 1.0, 3, 0.5, 2, 9.683283541)]
    [InlineData(1.0, 1.0, 1, 0.2, 25, 1.038644897)]
    public void C_is_the_Theorem_1_bound_of_the_spec_table(double sx, double sw, int d, double p, int k, double expected)
    {
        Assert.Equal(expected, SiloTheory.C(sx, sw, d, p, k), expected * 1e-9);
    }

    [Theory]
    [InlineData(0, 2.0e-4)]
    [InlineData(5, 1.8114023842e-4)]
    [InlineData(10, 1.4588148332e-4)]
    [InlineData(25, 1.0386448974e-4)]
    public void C_in_the_Appendix_B_setting_is_1e4_times_one_plus_F(int k, double expected)
    {
        double c = SiloTheory.C(0.1, 0.01, 100, 0.2, k);
        Assert.Equal(expected, c, 1e-14);
        Assert.Equal(1e-4 * (1 + SiloTheory.F(SiloTheory.TotalPrunedFraction(0.2, k))), c, 1e-18);
    }

    private static readonly double[] SShape =
    [
        1, 1.001062, 1.006434, 1.016925, 1.031996, 1.050770, 1.072337, 1.095849, 1.120545, 1.145752, 1.170887,
        1.195458, 1.219064, 1.241392, 1.262217, 1.281392, 1.298844, 1.314558, 1.328571, 1.340958, 1.351821,
        1.361279, 1.369462, 1.376501, 1.382524, 1.387655,
    ];

    [Fact]
    public void Relative_learning_rate_traces_the_S_shaped_curve_of_Remark_2()
    {
        for (int k = 0; k < SShape.Length; k++)
            Assert.Equal(SShape[k], SiloTheory.RelativeLearningRate(k, 1, 1, 1, 0.2), 1e-6);
    }

    [Fact]
    public void Total_pruned_fraction_after_k_steps_is_one_minus_keep_rate_to_the_k()
    {
        Assert.Equal(0.0, SiloTheory.TotalPrunedFraction(0.2, 0));
        Assert.Equal(0.2, SiloTheory.TotalPrunedFraction(0.2, 1), 1e-15);
        Assert.Equal(1 - 0.32768, SiloTheory.TotalPrunedFraction(0.2, 5), 1e-15);
    }

    [Theory]
    [InlineData(-1.0, 1.0, 10, 0.2, 5, "σ_X")]
    [InlineData(1.0, double.NaN, 10, 0.2, 5, "σ_W")]
    [InlineData(1.0, 1.0, 0, 0.2, 5, "d (input dimension)")]
    [InlineData(1.0, 1.0, 10, 1.2, 5, "p (pruning rate")]
    [InlineData(1.0, 1.0, 10, -0.2, 5, "p (pruning rate")]
    [InlineData(1.0, 1.0, 10, 0.2, -1, "k (number")]
    public void C_rejects_parameters_outside_Theorem_1_naming_them(double sx, double sw, int d, double p, int k, string named)
    {
        var ex = Assert.Throws<RewindUserException>(() => SiloTheory.C(sx, sw, d, p, k));
        Assert.Contains(named, ex.Message);
    }
}
