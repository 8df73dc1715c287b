using System.Text;
using System.Text.RegularExpressions;
using Rewind.Experiments;
using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary>Tiny compare studies on generated data (1 thread, 2 epochs per level) and what "identical results" means for them.</summary>
internal static partial class StudyFixtures
{
    /// <summary>A tiny spec: fc-32x2 on synthetic data, 1 thread.</summary>
    public static string Spec(int levels = 2) => $$"""
        name: exec
        seed: 0
        threads: 1
        data: { name: synthetic }
        model: { name: fc-32x2 }
        training: { duration: 2ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05 }
        pruning: { strategy: lrr, levels: {{levels}} }
        """;

    /// <summary>The compare study of <paramref name="strategies"/> × <paramref name="seeds"/> seeds on <see cref="Spec"/> (written into <paramref name="tmp"/>).</summary>
    public static (Study Study, StudyDefinition Definition) Compare(TempDir tmp, string strategies, int seeds, int levels = 2)
    {
        File.WriteAllText(tmp["spec.yaml"], Spec(levels));
        var study = new CompareStudy();
        return (study, study.Define(tmp["spec.yaml"], [], seeds, new Dictionary<string, string> { ["strategies"] = strategies }));
    }

    /// <summary>
    /// Everything a study's results are made of, with measured times removed (they differ between any two executions):
    /// report.md without its "compute time" line, the study's metrics.csv, and every run's level summaries and epoch logs
    /// without their seconds. Two executions of the same study are identical when these are equal.
    /// </summary>
    public static string Fingerprint(string studyDir)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join("\n", File.ReadAllLines(Path.Combine(studyDir, "report.md")).Where(l => !l.Contains("compute time", StringComparison.Ordinal))));
        sb.Append(File.ReadAllText(Path.Combine(studyDir, "metrics.csv")));
        foreach (var run in Directory.GetDirectories(Path.Combine(studyDir, "runs")).Order(StringComparer.Ordinal))
        {
            foreach (var level in Directory.GetDirectories(Path.Combine(run, "levels")).Order(StringComparer.Ordinal))
                foreach (var name in new[] { "summary.json", "metrics.jsonl" })
                {
                    sb.Append('\n').Append(Path.GetFileName(run)).Append('/').Append(Path.GetFileName(level)).Append('/').Append(name).Append('\n');
                    sb.Append(Seconds().Replace(File.ReadAllText(Path.Combine(level, name)), "\"seconds\":_"));
                }
        }
        return sb.ToString();
    }

    /// <summary>Runs the study one run after another in this process (the reference).</summary>
    public static string Sequential(TempDir tmp, Study study, StudyDefinition definition, string name = "seq")
    {
        StudyRunner.Run(study, definition, tmp[name]);
        return Fingerprint(tmp[name]);
    }

    [GeneratedRegex("\"seconds\":[-0-9.eE+]+")]
    private static partial Regex Seconds();
}
