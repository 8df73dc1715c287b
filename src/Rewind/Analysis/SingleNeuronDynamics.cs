namespace Rewind.Analysis;

/// <summary>
/// Gradient-flow dynamics of a balanced one-input neuron <c>f(x) = a·ReLU(w·x)</c> while its active set is fixed:
/// <c>ẇ = −C1·w³ + C̃2·w</c>, in closed form and by RK4 (Paper A §2.1 and App. A.1, Eqs. 3–6; corrected in
/// ALGORITHMS.md §5.10, reference values §8.6).
/// </summary>
/// <remarks>
/// Paper A's printed Eq. (4) runs on twice the time scale and Eq. (5) lacks a square root; this class implements the
/// corrected solution <c>w(t) = sign(w0)·sqrt(C̃2 / (C1 + (C̃2/w0² − C1)·e^{−2C̃2t}))</c>, evaluated in the algebraically
/// equal form <c>sign(w0) / sqrt(e^{−2C̃2t}/w0² + C1·(1 − e^{−2C̃2t})/C̃2)</c>, which is continuous in C̃2 and turns
/// into Eq. (6) <c>w0/sqrt(1 + 2C1w0²t)</c> at C̃2 = 0 without a special case or cancellation for tiny C̃2.
/// </remarks>
public static class SingleNeuronDynamics
{
    /// <summary>Right-hand side <c>ẇ = −C1·w³ + C̃2·w</c> of the balanced 1-D gradient flow (Paper A App. A.1).</summary>
    public static double Derivative(double w, double c1, double c2Tilde) => (-c1 * w * w * w) + (c2Tilde * w);

    /// <summary>Closed-form <c>w(t)</c> of the balanced 1-D gradient flow for any C̃2 (including 0) (ALGORITHMS.md §5.10).</summary>
    /// <param name="w0">Initial weight <c>w(0)</c>; 0 is a fixed point.</param>
    /// <param name="c1">C1 = (1/n)·Σ_{i∈I} x_i² ≥ 0.</param>
    /// <param name="c2Tilde">C̃2 = C2·sign(a0)·sign(w0).</param>
    /// <param name="t">Time, ≥ 0.</param>
    public static double ClosedForm(double w0, double c1, double c2Tilde, double t)
    {
        CheckArguments(c1, t);
        if (w0 == 0)
        {
            return 0;
        }

        // w² = 1 / (e^{−2ct}/w0² + C1·g), g = (1 − e^{−2ct})/c = −expm1(−2ct)/c → 2t as c → 0.
        double x = -2 * c2Tilde * t;
        double decay = Math.Exp(x);
        double g = c2Tilde == 0 ? 2 * t : -ExpMinusOne(x) / c2Tilde;
        double inverseSquare = (decay / (w0 * w0)) + (c1 * g);
        return Math.Sign(w0) / Math.Sqrt(inverseSquare);
    }

    /// <summary>Limit <c>w(∞)</c>: <c>sign(w0)·sqrt(C̃2/C1)</c> if C̃2 &gt; 0 and C1 &gt; 0, else 0 (ALGORITHMS.md §5.10).</summary>
    /// <remarks>With C1 = 0 and C̃2 &gt; 0 the flow grows without bound; that case returns ±∞.</remarks>
    public static double Limit(double w0, double c1, double c2Tilde)
    {
        CheckArguments(c1, 0);
        if (w0 == 0 || c2Tilde <= 0)
        {
            return 0;
        }

        return c1 == 0 ? Math.Sign(w0) * double.PositiveInfinity : Math.Sign(w0) * Math.Sqrt(c2Tilde / c1);
    }

    /// <summary>Numerical <c>w(t)</c> by classical fourth-order Runge–Kutta with <paramref name="steps"/> equal steps, to check <see cref="ClosedForm"/> (ALGORITHMS.md §8.6).</summary>
    public static double IntegrateRk4(double w0, double c1, double c2Tilde, double t, int steps)
    {
        CheckArguments(c1, t);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double h = t / steps;
        double w = w0;
        for (int k = 0; k < steps; k++)
        {
            double k1 = Derivative(w, c1, c2Tilde);
            double k2 = Derivative(w + (0.5 * h * k1), c1, c2Tilde);
            double k3 = Derivative(w + (0.5 * h * k2), c1, c2Tilde);
            double k4 = Derivative(w + (h * k3), c1, c2Tilde);
            w += h / 6 * (k1 + (2 * k2) + (2 * k3) + k4);
        }

        return w;
    }

    /// <summary>
    /// The coefficients C1 = (1/n)Σ_{i∈I} x_i², C2 = (1/n)Σ_{i∈I} x_i·y_i and C̃2 = C2·sign(a0)·sign(w0) of the 1-D
    /// dynamics for data (x, y) with active set <c>I = {i : w0·x_i &gt; 0}</c> (Paper A App. A.1, Eq. 3).
    /// </summary>
    /// <remarks>With <c>y = ReLU(x) + ζ</c> this is the paper's <c>C2 = (1/n)Σ_{i∈I}(x_iφ(x_i) + ζ_i x_i)</c>.</remarks>
    public static (double C1, double C2, double C2Tilde) Coefficients(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, double w0, double a0)
    {
        if (x.Length != y.Length || x.Length == 0)
        {
            throw new ArgumentException($"x and y must be non-empty and equally long (got {x.Length} and {y.Length}).", nameof(y));
        }

        double c1 = 0, c2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (w0 * x[i] > 0)
            {
                c1 += x[i] * x[i];
                c2 += x[i] * y[i];
            }
        }

        c1 /= x.Length;
        c2 /= x.Length;
        return (c1, c2, c2 * Math.Sign(a0) * Math.Sign(w0));
    }

    /// <summary>e^x − 1 accurate near 0 (Kahan's trick), because .NET's <c>double.ExpM1</c> may be computed as <c>Exp(x) − 1</c>.</summary>
    internal static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }

    private static void CheckArguments(double c1, double t)
    {
        if (!(c1 >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(c1), c1, "C1 is a mean of squares and must be ≥ 0.");
        }

        if (!(t >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "time must be ≥ 0.");
        }
    }
}
