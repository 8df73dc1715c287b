using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Pruning;
using Rewind.Storage;

namespace Rewind.Reporting;

/// <summary>
/// Two runs side by side, level by level: how much their masks overlap (Jaccard, overlap coefficient) and how often the
/// weights both keep agree in sign — e.g. LRR's and IMP's tickets (Paper A §3). Writes <c>overlap.csv</c>, <c>report.md</c>
/// and <c>plots/overlap.png</c> into a folder.
/// </summary>
public static class RunComparisonReport
{
    /// <summary>Writes the comparison of <paramref name="a"/> and <paramref name="b"/> into <paramref name="dir"/>; returns the report's path.</summary>
    public static string Write(string dir, RunStore a, RunStore b, IReadOnlyList<MaskComparison> rows)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(dir);
        var csv = new StringBuilder("level,density_a,density_b,jaccard,overlap_coefficient,both_kept,sign_agreement\n");
        foreach (var r in rows)
            csv.Append(Csv.Int(r.Level)).Append(',').Append(Csv.Double(r.DensityA)).Append(',').Append(Csv.Double(r.DensityB)).Append(',')
               .Append(Csv.Double(r.Jaccard)).Append(',').Append(Csv.Double(r.OverlapCoefficient)).Append(',').Append(Csv.Long(r.Both)).Append(',')
               .Append(Csv.Double(r.SignAgreement)).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(dir, "overlap.csv"), csv.ToString());

        var md = new StringBuilder($"# {Path.GetFileName(a.Root)} vs {Path.GetFileName(b.Root)}: masks and signs\n\n");
        md.Append("A = `").Append(a.Root).Append("`, B = `").Append(b.Root).Append("`. At the end of each level both finished: the overlap of ")
          .Append("their masks and, of the weights both keep, the share with the same sign.\n\n");
        Markdown.Table(md, ["level", "density A (%)", "density B (%)", "Jaccard", "overlap coefficient", "kept by both", "same sign (%)"],
            rows.Select(r => (IReadOnlyList<string>)[
                r.Level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(r.DensityA), PercentFormat.Density(r.DensityB),
                r.Jaccard.ToString("0.0000", CultureInfo.InvariantCulture), r.OverlapCoefficient.ToString("0.0000", CultureInfo.InvariantCulture),
                Markdown.Count(r.Both), PercentFormat.TwoDecimals(r.SignAgreement)]));
        md.Append('\n');
        double[] x = rows.Select(r => (double)r.Level).ToArray();
        if (StudyCharts.Lines(Path.Combine(dir, "plots", "overlap.png"), "Masks and signs of two runs", "pruning level", "fraction",
                [
                    new LineSeries("Jaccard of the masks", x, rows.Select(r => r.Jaccard).ToArray()),
                    new LineSeries("same sign among weights both keep", x, rows.Select(r => r.SignAgreement).ToArray()),
                ]))
            md.Append("![Overlap and sign agreement](plots/overlap.png)\n");
        var path = Path.Combine(dir, "report.md");
        AtomicFile.WriteAllText(path, md.ToString());
        return path;
    }
}
