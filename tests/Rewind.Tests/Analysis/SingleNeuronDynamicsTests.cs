using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

public sealed class SingleNeuronDynamicsTests
{
    // ALGORITHMS.md §8.6: (w0, C1, C̃2) and w at t = 0.5, 1, 3.
    [Theory]
    [InlineData(0.3, 1.0, 0.5, 0.3645130146, 0.4322653749, 0.6384056849)]
    [InlineData(0.3, 1.0, -0.5, 0.2257815699, 0.1724145745, 0.0618577298)]
    [InlineData(0.3, 1.0, 0.0, 0.2873478856, 0.2761723854, 0.2417468892)]
    [InlineData(-0.8, 0.5, 0.25, -0.7763201521, -0.7592677727, -0.7250221936)]
    public void Closed_form_reproduces_the_reference_values_of_section_8_6(
        double w0, double c1, double c2, double at05, double at1, double at3)
    {
        Assert.Equal(at05, SingleNeuronDynamics.ClosedForm(w0, c1, c2, 0.5), 1e-9);
        Assert.Equal(at1, SingleNeuronDynamics.ClosedForm(w0, c1, c2, 1.0), 1e-9);
        Assert.Equal(at3, SingleNeuronDynamics.ClosedForm(w0, c1, c2, 3.0), 1e-9);
    }

    [Theory]
    [InlineData(0.3, 1.0, 0.5)]
    [InlineData(0.3, 1.0, -0.5)]
    [InlineData(0.3, 1.0, 0.0)]
    [InlineData(-0.8, 0.5, 0.25)]
    [InlineData(-0.05, 0.05, 0.05)]
    [InlineData(1.7, 0.5, 0.5)]
    [InlineData(0.01, 2.0, 1e-4)]
    public void Closed_form_agrees_with_RK4_integration_of_the_ODE(double w0, double c1, double c2)
    {
        foreach (double t in new[] { 0.0, 0.1, 0.5, 1.0, 3.0, 10.0 })
        {
            double numeric = SingleNeuronDynamics.IntegrateRk4(w0, c1, c2, t, steps: 20_000);
            Assert.Equal(numeric, SingleNeuronDynamics.ClosedForm(w0, c1, c2, t), 1e-10);
        }
    }

    [Fact]
    public void Closed_form_matches_the_full_two_parameter_flow_from_a_balanced_start()
    {
        // ȧ = −a w² C1 + w C2, ẇ = −w a² C1 + a C2 (Paper A Eq. 3) with a(0)² = w(0)²; the reduction to one
        // equation uses C̃2 = C2·sign(a0)·sign(w0), so all four sign cases must match the closed form.
        const double c1 = 0.5, c2 = 0.45, t = 4.0;
        const int steps = 40_000;
        foreach (double a0 in new[] { 0.4, -0.4 })
        {
            foreach (double w0 in new[] { 0.4, -0.4 })
            {
                double a = a0, w = w0, h = t / steps;
                for (int k = 0; k < steps; k++)
                {
                    (double da1, double dw1) = Flow(a, w);
                    (double da2, double dw2) = Flow(a + (0.5 * h * da1), w + (0.5 * h * dw1));
                    (double da3, double dw3) = Flow(a + (0.5 * h * da2), w + (0.5 * h * dw2));
                    (double da4, double dw4) = Flow(a + (h * da3), w + (h * dw3));
                    a += h / 6 * (da1 + (2 * da2) + (2 * da3) + da4);
                    w += h / 6 * (dw1 + (2 * dw2) + (2 * dw3) + dw4);
                }

                double c2Tilde = c2 * Math.Sign(a0) * Math.Sign(w0);
                Assert.Equal(SingleNeuronDynamics.ClosedForm(w0, c1, c2Tilde, t), w, 1e-9);
                Assert.Equal(Math.Abs(w), Math.Abs(a), 1e-9);
            }
        }

        static (double Da, double Dw) Flow(double a, double w) =>
            ((-a * w * w * c1) + (w * c2), (-w * a * a * c1) + (a * c2));
    }

    [Theory]
    [InlineData(0.3, 1.0, 0.5)]
    [InlineData(-0.3, 1.0, -0.5)]
    [InlineData(0.3, 1.0, 0.0)]
    public void Closed_form_starts_at_w0(double w0, double c1, double c2) =>
        Assert.Equal(w0, SingleNeuronDynamics.ClosedForm(w0, c1, c2, 0.0), 1e-15);

    [Theory]
    [InlineData(0.3, 1.0, 0.5)]
    [InlineData(-0.8, 0.5, 0.25)]
    [InlineData(2.0, 0.5, 0.5)]
    public void Positive_C2_tilde_converges_to_sign_w0_times_sqrt_C2_over_C1(double w0, double c1, double c2)
    {
        double limit = SingleNeuronDynamics.Limit(w0, c1, c2);
        Assert.Equal(Math.Sign(w0) * Math.Sqrt(c2 / c1), limit, 1e-15);
        Assert.Equal(limit, SingleNeuronDynamics.ClosedForm(w0, c1, c2, 200.0), 1e-12);
    }

    [Theory]
    [InlineData(0.3, 1.0, -0.5, 100.0, 1e-12)]
    [InlineData(0.3, 1.0, 0.0, 1e8, 1e-3)]
    [InlineData(-0.3, 1.0, 0.0, 1e8, 1e-3)]
    public void Non_positive_C2_tilde_decays_to_zero_without_changing_sign(
        double w0, double c1, double c2, double t, double bound)
    {
        Assert.Equal(0.0, SingleNeuronDynamics.Limit(w0, c1, c2));
        double w = SingleNeuronDynamics.ClosedForm(w0, c1, c2, t);
        Assert.Equal(Math.Sign(w0), Math.Sign(w));
        Assert.True(Math.Abs(w) < bound, $"|w({t})| = {Math.Abs(w)}");
    }

    [Fact]
    public void Zero_C2_tilde_decays_like_one_over_sqrt_t_as_in_Eq_6()
    {
        // Eq. (6): w(t) = w0 / sqrt(1 + 2 C1 w0² t); for large t, w ≈ 1/sqrt(2 C1 t) whatever w0 was.
        foreach (double t in new[] { 0.5, 10.0, 1e6 })
        {
            Assert.Equal(0.3 / Math.Sqrt(1 + (2 * 0.09 * t)), SingleNeuronDynamics.ClosedForm(0.3, 1.0, 0.0, t), 1e-15);
        }

        Assert.Equal(1 / Math.Sqrt(2e8), SingleNeuronDynamics.ClosedForm(0.3, 1.0, 0.0, 1e8), 1e-10);
    }

    [Fact]
    public void Closed_form_is_continuous_in_C2_tilde_at_zero()
    {
        double atZero = SingleNeuronDynamics.ClosedForm(0.3, 1.0, 0.0, 2.0);
        Assert.Equal(atZero, SingleNeuronDynamics.ClosedForm(0.3, 1.0, 1e-13, 2.0), 1e-12);
        Assert.Equal(atZero, SingleNeuronDynamics.ClosedForm(0.3, 1.0, -1e-13, 2.0), 1e-12);
    }

    [Fact]
    public void Printed_Eq_4_runs_at_twice_the_speed_of_the_true_flow()
    {
        // The erratum documented in ALGORITHMS.md §5.10: printed Eq. (4) at t equals the true solution at 2t.
        const double w0 = 0.3, c1 = 1.0, c2 = 0.5, t = 0.5;
        double e = Math.Exp(2 * c2 * t);
        double printed = Math.Sqrt(c2) * w0 * e
            / (Math.Sqrt(c2 - (c1 * w0 * w0)) * Math.Sqrt((c1 * w0 * w0 * e * e / (c2 - (c1 * w0 * w0))) + 1));
        Assert.Equal(SingleNeuronDynamics.ClosedForm(w0, c1, c2, 2 * t), printed, 1e-12);
        Assert.NotEqual(SingleNeuronDynamics.ClosedForm(w0, c1, c2, t), printed, 1e-3);
    }

    [Fact]
    public void Coefficients_sum_over_the_samples_where_the_neuron_is_active()
    {
        double[] x = [1.0, -2.0, 0.5, -0.5];
        double[] y = [1.1, 0.2, 0.4, -0.1];
        var (c1, c2, c2Tilde) = SingleNeuronDynamics.Coefficients(x, y, w0: 0.7, a0: -1.0);
        Assert.Equal((1.0 + 0.25) / 4, c1, 1e-15);
        Assert.Equal(((1.0 * 1.1) + (0.5 * 0.4)) / 4, c2, 1e-15);
        Assert.Equal(-c2, c2Tilde, 1e-15);

        var (c1Neg, c2Neg, c2TildeNeg) = SingleNeuronDynamics.Coefficients(x, y, w0: -0.7, a0: -1.0);
        Assert.Equal((4.0 + 0.25) / 4, c1Neg, 1e-15);
        Assert.Equal(((-2.0 * 0.2) + (-0.5 * -0.1)) / 4, c2Neg, 1e-15);
        Assert.Equal(c2Neg, c2TildeNeg, 1e-15);
    }

    [Fact]
    public void Negative_C1_or_time_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleNeuronDynamics.ClosedForm(0.3, -1.0, 0.5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleNeuronDynamics.ClosedForm(0.3, 1.0, 0.5, -1.0));
    }
}
