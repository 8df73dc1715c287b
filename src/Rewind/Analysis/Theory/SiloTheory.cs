using System.Globalization;
using MathNet.Numerics;

namespace Rewind.Analysis.Theory;

/// <summary>
/// Paper B's Theorem 1/2 quantities (ALGORITHMS §6.5): the pruned-Gaussian second moment F(τ), the activation bound
/// C(σ_X, σ_W, d, p, k) and Remark 2's relative learning rate sqrt(C_0/C_k) that motivates SILO.
/// </summary>
public static class SiloTheory
{
    /// <summary>
    /// Paper B Theorem 1's <c>F(τ) = (1 − τ) + (2/√π)·erfinv(τ)·exp(−erfinv(τ)²)</c>, the second moment
    /// <c>E[W²·1{|W| &gt; β}]/σ_W²</c> of a Gaussian after magnitude-pruning the fraction τ; F(0) = 1, F(τ ≥ 1) = 0.
    /// </summary>
    public static double F(double tau)
    {
        if (!(tau >= 0))
            throw new RewindUserException($"τ (total pruned fraction) is {Num(tau)}; it must be a number in [0, 1] (Paper B Theorem 1).");
        if (tau == 0) return 1;
        if (tau >= 1) return 0;
        double z = SpecialFunctions.ErfInv(tau);
        return (1 - tau) + 2 / Math.Sqrt(Math.PI) * z * Math.Exp(-z * z);
    }

    /// <summary>
    /// The magnitude threshold <c>β = √2·σ_W·erfinv(τ)</c> below which the fraction τ of <c>N(0, σ_W²)</c> weights lies
    /// (Paper B Theorem 1's proof, ALGORITHMS §6.5); τ ≥ 1 gives +∞.
    /// </summary>
    public static double PruningThreshold(double tau, double sigmaW)
    {
        CheckSigma("σ_W (sigma_w)", sigmaW);
        if (!(tau >= 0))
            throw new RewindUserException($"τ (total pruned fraction) is {Num(tau)}; it must be a number in [0, 1] (Paper B Theorem 1).");
        if (tau >= 1) return double.PositiveInfinity;
        return Math.Sqrt(2) * sigmaW * SpecialFunctions.ErfInv(tau);
    }

    /// <summary>
    /// Paper B Theorem 1's lower bound <c>C = σ_W² + d·σ_X²·σ_W²·F(τ)</c> on 4·E_AA after k layer-wise magnitude-pruning
    /// steps of rate p, with <c>τ = 1 − (1 − p)^k</c>.
    /// </summary>
    public static double C(double sigmaX, double sigmaW, int d, double p, int k)
    {
        CheckSigma("σ_X (sigma_x)", sigmaX);
        CheckSigma("σ_W (sigma_w)", sigmaW);
        if (d < 1)
            throw new RewindUserException($"d (input dimension) is {d}; it must be an integer ≥ 1 (Paper B Theorem 1).");
        double tau = TotalPrunedFraction(p, k);
        double w2 = sigmaW * sigmaW;
        return w2 + d * sigmaX * sigmaX * w2 * F(tau);
    }

    /// <summary>
    /// Paper B Remark 2's relative learning rate <c>α_k/α_0 = sqrt(C_0/C_k)</c> that keeps E_WG constant after k pruning
    /// steps (Theorem 2): an S-shaped curve rising from 1.
    /// </summary>
    public static double RelativeLearningRate(int k, double sigmaX, double sigmaW, int d, double p) =>
        Math.Sqrt(C(sigmaX, sigmaW, d, p, 0) / C(sigmaX, sigmaW, d, p, k));

    /// <summary>The total pruned fraction <c>τ = 1 − (1 − p)^k</c> after k steps of rate p (Paper B Theorem 1).</summary>
    public static double TotalPrunedFraction(double p, int k)
    {
        if (!(p >= 0 && p <= 1))
            throw new RewindUserException($"p (pruning rate per step) is {Num(p)}; it must be a number in [0, 1] (Paper B Theorem 1).");
        if (k < 0)
            throw new RewindUserException($"k (number of pruning steps) is {k}; it must be an integer ≥ 0 (Paper B Theorem 1).");
        return 1 - Math.Pow(1 - p, k);
    }

    private static void CheckSigma(string what, double sigma)
    {
        if (!(sigma >= 0) || !double.IsFinite(sigma))
            throw new RewindUserException($"{what} is {Num(sigma)}; a standard deviation must be a finite number ≥ 0 (Paper B Theorem 1).");
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
