using System.Globalization;

namespace Rewind.Reporting;

/// <summary>How densities and accuracies are shown to people: percent, invariant culture.</summary>
internal static class PercentFormat
{
    /// <summary>
    /// A fraction as a percent with three significant digits, the way pruning papers label densities
    /// (1 → "100", 0.512 → "51.2", 0.0687 → "6.87", 0.00115 → "0.115"). No percent sign.
    /// </summary>
    public static string Density(double fraction)
    {
        double p = fraction * 100;
        if (double.IsNaN(p))
            return "NaN";
        if (p >= 99.95)
            return "100";
        if (p == 0)
            return "0";
        return p.ToString("G3", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a percent with two decimals (0.91234 → "91.23"). No percent sign.</summary>
    public static string TwoDecimals(double fraction) =>
        double.IsNaN(fraction) ? "NaN" : (fraction * 100).ToString("F2", CultureInfo.InvariantCulture);
}
