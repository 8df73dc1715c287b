using System.Globalization;

namespace Rewind.Sparsity;

/// <summary>
/// The per-layer density table of a mask (<c>levels/NN/layers.csv</c> of a run, <c>layers.csv</c> of
/// <c>rewind prune</c>): which layers a criterion thins, and whether one collapsed (0 remaining).
/// </summary>
public static class LayerTable
{
    /// <summary>CSV header; one row per prunable tensor follows.</summary>
    public const string Header = "layer,weights,remaining,density";

    /// <summary>One row per prunable tensor: name, weights, remaining weights, density.</summary>
    public static IReadOnlyList<(string Layer, long Weights, long Remaining, double Density)> Rows(MaskSet mask)
    {
        var rows = new List<(string, long, long, double)>();
        foreach (var (name, m) in mask.Masks)
        {
            using var kept = m.count_nonzero();
            long n = m.numel(), r = kept.item<long>();
            rows.Add((name, n, r, (double)r / n));
        }
        return rows;
    }

    /// <summary>The table as CSV text (<see cref="Header"/>, then one row per prunable tensor).</summary>
    public static string ToCsv(MaskSet mask)
    {
        var lines = new List<string> { Header };
        foreach (var (layer, n, r, d) in Rows(mask))
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{layer},{n},{r},{d:R}"));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The table as aligned text for the console, with a total line.</summary>
    public static string Format(MaskSet mask)
    {
        var rows = Rows(mask);
        int w = Math.Max(5, rows.Max(r => r.Layer.Length));
        var lines = new List<string> { $"{"layer".PadRight(w)}  {"weights",12}  {"remaining",12}  {"density",9}" };
        foreach (var (layer, n, r, d) in rows)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{layer.PadRight(w)}  {n,12:N0}  {r,12:N0}  {d,9:P2}") + (r == 0 ? "  collapsed" : ""));
        long total = rows.Sum(r => r.Weights), remaining = rows.Sum(r => r.Remaining);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{"total".PadRight(w)}  {total,12:N0}  {remaining,12:N0}  {(double)remaining / total,9:P2}"));
        return string.Join('\n', lines) + "\n";
    }
}
