using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Reporting;
using Rewind.Runs;

namespace Rewind.Experiments.Claims;

/// <summary>
/// <c>rewind claims</c>: each claim of the register judged from the finished study folders found under some roots —
/// held, not held or undecided, with the numbers — as a table for the console and for the README's claims section.
/// </summary>
public static class ClaimVerdicts
{
    /// <summary>A claim's verdict and where it comes from.</summary>
    /// <param name="Claim">The claim.</param>
    /// <param name="Verdict">held, not held, undecided, or "not run".</param>
    /// <param name="Evidence">The numbers.</param>
    /// <param name="StudyDirectory">The study folder judged (null when none was found).</param>
    public sealed record Result(Claim Claim, string Verdict, string Evidence, string? StudyDirectory);

    /// <summary>"not run": no finished folder of the claim's study was found.</summary>
    public const string NotRun = "not run";

    /// <summary>Every claim of <paramref name="register"/> judged from the study folders under <paramref name="roots"/>.</summary>
    public static IReadOnlyList<Result> Judge(IReadOnlyList<Claim> register, IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(roots);
        var studies = roots.SelectMany(r => StudyFolders(r, 4)).Distinct().Select(d => (Dir: d, Def: StudyDefinition.Load(d)!))
            .OrderByDescending(s => File.GetLastWriteTimeUtc(Path.Combine(s.Dir, "report.md"))).ToList();
        return register.Select(claim =>
        {
            var folder = studies.FirstOrDefault(s => s.Def.Study == claim.Study && File.Exists(Path.Combine(s.Dir, "report.md")) &&
                                                     claim.Parameters.All(p => Matches(s.Def, p.Key, p.Value)));
            if (folder.Dir is null) return new Result(claim, NotRun, $"no finished `{claim.Study}` study found; run `{claim.Command}`", null);
            var (verdict, evidence) = Judge(claim, new StudyContext(folder.Def, folder.Dir));
            return new Result(claim, verdict, evidence, folder.Dir);
        }).ToList();
    }

    /// <summary>
    /// True when the study folder was run with option <paramref name="key"/> = <paramref name="value"/>; the key
    /// <c>spec</c> names the base spec's <c>name</c> (e.g. <c>silo-conv</c>), so one claim can name a protocol, and
    /// <c>optimizer</c>, when the study was run without <c>--optimizer</c>, is the base spec's optimizer (so a claim about
    /// SGD is not judged on a study run with <c>--optimizer adam</c>).
    /// </summary>
    public static bool Matches(StudyDefinition definition, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Parameter(key) is { } recorded) return recorded == value;
        if (key is not ("spec" or "optimizer")) return false;
        try
        {
            var baseSpec = Specs.SpecLoader.FromYaml(definition.BaseYaml, StudyDefinition.FileName);
            return (key == "spec" ? baseSpec.Name : baseSpec.Optimizer.Name) == value;
        }
        catch (RewindUserException)
        {
            return false;
        }
    }

    /// <summary>The verdict of one claim from one study folder.</summary>
    public static (string Verdict, string Evidence) Judge(Claim claim, StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var t = claim.Test;
        if (t.Kind == "finding")
        {
            var found = StudyFinding.Load(context.Directory).FirstOrDefault(f => f.Id == t.Finding);
            return found is null
                ? (StudyFinding.Undecided, $"the study folder has no finding '{t.Finding}' (rewrite it with `rewind report {context.Directory}`)")
                : (found.Verdict, found.Evidence);
        }
        if (StudyCatalog.Find(claim.Study) is not ArmStudy study)
            throw new RewindUserException($"claim {claim.Id}: the {claim.Study} study has no arms to compare; use a finding test.");
        var results = context.Results([t.A, t.B]);
        if (!results.Arms.Contains(t.A) || !results.Arms.Contains(t.B))
            return (StudyFinding.Undecided, $"arms {t.A} and {t.B} have not both finished a level in {context.Directory}");
        var (metricName, metric) = study.PrimaryMetric(results);
        var pair = PairedReport.Compare(results, metric, 0.2, [(t.A, t.B)])[0];
        return t.Kind == "equal" ? Equal(pair, t.Margin, metricName) : Better(pair, metricName);
    }

    /// <summary>Arm a better than arm b, level by level (paired t, Holm across the levels — the rule of every study report):
    /// some level favours a and none b → held; some level favours b → not held; no level significant → undecided.</summary>
    public static (string Verdict, string Evidence) Better(PairedReport.Pair pair, string metricName)
    {
        ArgumentNullException.ThrowIfNull(pair);
        string verdict =
            pair.BBetter.Count > 0 ? StudyFinding.NotHeld
            : pair.ABetter.Count > 0 ? StudyFinding.Held
            : StudyFinding.Undecided;
        return (verdict, Evidence(pair, metricName));
    }

    /// <summary>Arm a equal to arm b within ±<paramref name="margin"/> points: the interval over levels inside → held; wholly outside → not held.</summary>
    public static (string Verdict, string Evidence) Equal(PairedReport.Pair pair, double margin, string metricName)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var o = pair.OverLevels;
        string verdict =
            o.HasInterval && o.Lower >= -margin && o.Upper <= margin ? StudyFinding.Held
            : o.HasInterval && (o.Lower > margin || o.Upper < -margin) ? StudyFinding.NotHeld
            : StudyFinding.Undecided;
        return (verdict, Evidence(pair, metricName) + string.Create(CultureInfo.InvariantCulture, $"; margin ±{margin:0.##} points"));
    }

    private static string Evidence(PairedReport.Pair p, string metricName)
    {
        var o = p.OverLevels;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{p.A} − {p.B} ({metricName}) over the pruned levels: ");
        sb.Append(!double.IsFinite(o.Mean) ? "–" : o.HasInterval
            ? string.Create(CultureInfo.InvariantCulture, $"{o.Mean:0.00} [{o.Lower:0.00}, {o.Upper:0.00}] points")
            : string.Create(CultureInfo.InvariantCulture, $"{o.Mean:0.00} points (one seed, no interval)"));
        sb.Append(CultureInfo.InvariantCulture, $", {o.Count} seed(s)");
        if (p.ABetter.Count > 0) sb.Append("; ").Append(p.A).Append(" better at level(s) ").Append(string.Join(", ", p.ABetter));
        if (p.BBetter.Count > 0) sb.Append("; ").Append(p.B).Append(" better at level(s) ").Append(string.Join(", ", p.BBetter));
        if (p.ABetter.Count + p.BBetter.Count == 0 && p.SeedsNeeded > o.Count)
            sb.Append(CultureInfo.InvariantCulture, $"; {p.SeedsNeeded} seeds would detect 0.2 points");
        return sb.ToString();
    }

    /// <summary>The verdicts as a Markdown table.</summary>
    public static string Markdown(IReadOnlyList<Result> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var md = new StringBuilder("| claim | paper | verdict | measured | study folder |\n|:---|:---|:---|:---|:---|\n");
        foreach (var r in results)
            md.Append("| **").Append(r.Claim.Id).Append("** ").Append(Cell(r.Claim.Statement)).Append(" | ").Append(Cell(r.Claim.Where)).Append(" | ")
              .Append(r.Verdict == StudyFinding.Held ? "**held**" : r.Verdict == StudyFinding.NotHeld ? "**not held**" : r.Verdict).Append(" | ")
              .Append(Cell(r.Evidence)).Append(" | ").Append(r.StudyDirectory is null ? "–" : "`" + Cell(Shown(r.StudyDirectory)) + "`").Append(" |\n");
        return md.ToString();
    }

    /// <summary>
    /// Replaces the text between <c>&lt;!-- claims:begin --&gt;</c> and <c>&lt;!-- claims:end --&gt;</c> in
    /// <paramref name="readmePath"/> with <paramref name="table"/>; a file without the markers is a user error.
    /// </summary>
    public static void WriteInto(string readmePath, string table)
    {
        const string begin = "<!-- claims:begin -->", end = "<!-- claims:end -->";
        var text = File.Exists(readmePath) ? File.ReadAllText(readmePath) : throw new RewindUserException($"{readmePath}: no such file.");
        int a = text.IndexOf(begin, StringComparison.Ordinal), b = text.IndexOf(end, StringComparison.Ordinal);
        if (a < 0 || b < a) throw new RewindUserException($"{readmePath}: has no '{begin}' … '{end}' section to write the verdicts into.");
        Storage.AtomicFile.WriteAllText(readmePath, text[..(a + begin.Length)] + "\n" + table + text[b..]);
    }

    /// <summary>A folder as the table shows it: relative to the current directory when it lies below it.</summary>
    private static string Shown(string dir)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, dir);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? dir : relative;
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    private static IEnumerable<string> StudyFolders(string root, int depth)
    {
        if (!Directory.Exists(root)) yield break;
        if (File.Exists(Path.Combine(root, StudyDefinition.FileName)))
        {
            yield return Path.GetFullPath(root);
            yield break;
        }
        if (depth == 0) yield break;
        foreach (var d in Directory.EnumerateDirectories(root))
            foreach (var s in StudyFolders(d, depth - 1)) yield return s;
    }
}
