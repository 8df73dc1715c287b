using System.Globalization;
using System.Text;

namespace Rewind.Export;

/// <summary>The per-layer table of a <see cref="CompactionResult"/> as plain text (CLI) or Markdown (reports).</summary>
public static class CompactionTable
{
    private static readonly string[] Header = ["layer", "units", "kept", "removed: outputs unused", "removed: constant 0", "removed: constant folded", "kept: constant before padded conv"];

    /// <summary>Aligned plain-text rows, one per layer, and a total.</summary>
    public static string Format(CompactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = Rows(result.Layers);
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows.Prepend(Header))
            sb.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.UnitsRemoved} units removed; parameters {result.Graph.ParameterCount():N0} after compaction."));
        return sb.ToString();
    }

    /// <summary>A Markdown table, one row per layer.</summary>
    public static string Markdown(IReadOnlyList<LayerCompaction> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n|").Append(string.Concat(Header.Select((_, i) => i == 0 ? "---|" : "---:|"))).Append('\n');
        foreach (var row in Rows(layers)) sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        return sb.ToString();
    }

    private static List<string[]> Rows(IReadOnlyList<LayerCompaction> layers) => layers.Select(l => new[]
    {
        l.Layer, N(l.UnitsBefore), N(l.UnitsAfter), N(l.RemovedOutputsUnused), N(l.RemovedConstantZero), N(l.RemovedConstantFolded), N(l.KeptConstant),
    }).ToList();

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
