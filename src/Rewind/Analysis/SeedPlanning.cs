using MathNet.Numerics.Distributions;

namespace Rewind.Analysis;

/// <summary>
/// How many seeds a paired comparison needs: the smallest n with
/// <c>√n·δ/σ_d ≥ t₁₋α/₂,ₙ₋₁ + t_power,ₙ₋₁</c> for the paired t-test of mean difference δ when the seed-wise differences
/// have standard deviation σ_d (the usual approximation to the noncentral-t power; for large n it becomes the normal
/// closed form n = ((z₁₋α/₂ + z_power)·σ_d/δ)²). Pure.
/// </summary>
public static class SeedPlanning
{
    /// <summary>Seeds needed to detect a difference of <paramref name="delta"/> with power <paramref name="power"/> at two-sided level <paramref name="alpha"/>.</summary>
    /// <param name="sdOfDifferences">σ_d: the standard deviation of the seed-wise differences (same unit as δ).</param>
    /// <param name="delta">The difference worth detecting (&gt; 0).</param>
    /// <param name="power">The chance of detecting it when it is there (default 0.8).</param>
    /// <param name="alpha">Two-sided significance level (default 0.05).</param>
    /// <param name="cap">The answer never exceeds this.</param>
    public static int SeedsNeeded(double sdOfDifferences, double delta, double power = 0.8, double alpha = 0.05, int cap = 10_000)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "The difference to detect must be > 0.");
        if (!double.IsFinite(sdOfDifferences) || sdOfDifferences < 0) throw new ArgumentOutOfRangeException(nameof(sdOfDifferences), sdOfDifferences, "σ must be a finite number ≥ 0.");
        if (sdOfDifferences == 0) return 2;
        for (int n = 2; n <= cap; n++)
        {
            double needed = StudentT.InvCDF(0, 1, n - 1, 1 - alpha / 2) + StudentT.InvCDF(0, 1, n - 1, power);
            if (Math.Sqrt(n) * delta / sdOfDifferences >= needed) return n;
        }
        return cap;
    }

    /// <summary>The normal closed form ((z₁₋α/₂ + z_power)·σ_d/δ)² (not rounded), which <see cref="SeedsNeeded"/> approaches for large n.</summary>
    public static double NormalApproximation(double sdOfDifferences, double delta, double power = 0.8, double alpha = 0.05)
    {
        double z = Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power);
        return Math.Pow(z * sdOfDifferences / delta, 2);
    }
}
