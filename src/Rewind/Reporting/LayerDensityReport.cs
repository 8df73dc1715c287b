using System.Globalization;
using System.Text;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Storage;

namespace Rewind.Reporting;

/// <summary>
/// The per-layer density section of run and study reports (issue #5: which layers each criterion thins, because
/// layer collapse is the first thing users ask about), built from each level's <c>layers.csv</c>: a table of every
/// layer's density per level and the chart of <see cref="Charts.PerLayerDensity"/>; collapsed layers (no weight
/// left) are named.
/// </summary>
public static class LayerDensityReport
{
    /// <summary>Relative path of a run's per-layer density chart.</summary>
    public const string RunPlot = "plots/layer-density.png";

    /// <summary>Every layer's density at each finished level (levels without a <c>layers.csv</c> give NaN).</summary>
    public static IReadOnlyList<(string Layer, double[] DensityPerLevel)> Read(RunStore dir)
    {
        int levels = dir.CompletedLevels().Count;
        var layers = new List<string>();
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int level = 0; level < levels; level++)
        {
            if (dir.ReadLayers(level) is not { } csv) continue;
            foreach (var line in csv.Split('\n').Skip(1).Where(l => l.Length > 0))
            {
                var cells = line.Split(',');
                if (cells.Length < 4) continue;
                if (!values.TryGetValue(cells[0], out var row))
                {
                    row = Enumerable.Repeat(double.NaN, levels).ToArray();
                    values[cells[0]] = row;
                    layers.Add(cells[0]);
                }
                row[level] = double.Parse(cells[3], CultureInfo.InvariantCulture);
            }
        }
        return layers.Select(l => (l, values[l])).ToList();
    }

    /// <summary>The Markdown section of a single run; writes <see cref="RunPlot"/>. Empty when no level has a table.</summary>
    public static string RunSection(RunStore dir, string title)
    {
        var layers = Read(dir);
        if (layers.Count == 0) return "";
        var md = new StringBuilder("## Per-layer density\n\n");
        md.Append("Fraction of each layer's weights kept at the end of every level (").Append(dir.Spec.Pruning.Scorer)
          .Append(", scope ").Append(dir.Spec.Pruning.Scope).Append(").\n\n");
        if (Charts.PerLayerDensity(Path.Combine(dir.Root, RunPlot), layers, title + ": per-layer density"))
            md.Append("![Per-layer density by level](").Append(RunPlot).Append(")\n\n");
        int levels = layers[0].DensityPerLevel.Length;
        var header = new List<string> { "layer" };
        header.AddRange(Enumerable.Range(0, levels).Select(l => $"level {l} (%)"));
        AppendTable(md, header, layers.Select(l => (l.Layer, (IReadOnlyList<double>)l.DensityPerLevel)));
        AppendCollapse(md, layers.Where(l => l.DensityPerLevel.Any(d => d == 0))
            .Select(l => $"{l.Layer} from level {Array.IndexOf(l.DensityPerLevel, 0.0)}"));
        return md.ToString();
    }

    /// <summary>
    /// The Markdown section of a study: every layer's density at the last level each label reached (its first seed),
    /// one column per label, and one per-layer chart per label (<c>plots/layer-density-LABEL.png</c>).
    /// </summary>
    public static string StudySection(string outDir, IReadOnlyList<(string Label, string RunDir)> runs)
    {
        var byLabel = runs.GroupBy(r => r.Label).Select(g => (Label: g.Key, Layers: Read(RunStore.Open(g.First().RunDir)))).Where(x => x.Layers.Count > 0).ToList();
        if (byLabel.Count == 0) return "";
        var md = new StringBuilder("## Per-layer density\n\n");
        md.Append("Fraction of each layer's weights kept at the last finished level of each run (first seed): which layers each criterion thins.\n\n");
        var layerNames = byLabel.SelectMany(x => x.Layers.Select(l => l.Layer)).Distinct().ToList();
        var header = new List<string> { "layer" };
        header.AddRange(byLabel.Select(x => $"{x.Label} (%)"));
        AppendTable(md, header, layerNames.Select(name => (name, (IReadOnlyList<double>)byLabel.Select(x =>
        {
            var found = x.Layers.FirstOrDefault(l => l.Layer == name);
            return found.DensityPerLevel is { Length: > 0 } d ? d[^1] : double.NaN;
        }).ToList())));
        AppendCollapse(md, byLabel.SelectMany(x => x.Layers.Where(l => l.DensityPerLevel.Any(d => d == 0))
            .Select(l => $"{l.Layer} under {x.Label} from level {Array.IndexOf(l.DensityPerLevel, 0.0)}")));
        foreach (var (label, layers) in byLabel)
        {
            var plot = $"plots/layer-density-{label}.png";
            if (Charts.PerLayerDensity(Path.Combine(outDir, plot), layers, $"{label}: per-layer density"))
                md.Append("![").Append(label).Append(": per-layer density by level](").Append(plot).Append(")\n");
        }
        return md.Append('\n').ToString();
    }

    private static void AppendTable(StringBuilder md, IReadOnlyList<string> header, IEnumerable<(string Layer, IReadOnlyList<double> Values)> rows)
    {
        md.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        md.Append('|').Append(string.Join('|', header.Select((_, i) => i == 0 ? ":---" : "---:"))).Append("|\n");
        foreach (var (layer, values) in rows)
            md.Append("| ").Append(layer).Append(" | ")
              .Append(string.Join(" | ", values.Select(d => double.IsNaN(d) ? "–" : d == 0 ? "**0 (collapsed)**" : PercentFormat.Density(d))))
              .Append(" |\n");
        md.Append('\n');
    }

    private static void AppendCollapse(StringBuilder md, IEnumerable<string> collapsed)
    {
        var list = collapsed.ToList();
        md.Append(list.Count == 0
            ? "No layer collapsed (every layer kept at least one weight).\n\n"
            : "**Layer collapse**: " + string.Join("; ", list) + " — the output no longer depends on the input there.\n\n");
    }
}
