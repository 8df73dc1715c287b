using System.Globalization;
using System.Text;

namespace Rewind.Reporting;

/// <summary>Small Markdown-building helpers (invariant culture, <c>\n</c> line ends).</summary>
internal static class Markdown
{
    /// <summary>Makes text safe inside a table cell: pipes escaped, line breaks flattened.</summary>
    public static string Cell(string text) =>
        text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    /// <summary>Appends a table: header row, alignment row (all right-aligned except the first column), rows.</summary>
    public static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n");
        md.Append('|').Append(string.Join('|', header.Select((_, i) => i == 0 ? ":---" : "---:"))).Append("|\n");
        foreach (var row in rows)
            md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
    }

    /// <summary>An integer with thousands separators (266200 → "266,200").</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with four significant digits (losses), "NaN" as is.</summary>
    public static string Number(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A duration: "42.5 s", "3m 07s", "2h 05m".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds))
            return "–";
        if (seconds < 60)
            return seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        var t = TimeSpan.FromSeconds(seconds);
        return seconds < 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m {t.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h {t.Minutes:00}m");
    }
}
