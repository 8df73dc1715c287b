using System.Globalization;
using System.Text;
using Rewind.Storage;
using YamlDotNet.RepresentationModel;

namespace Rewind.Runs;

/// <summary>
/// What a study is — the identity recorded in its folder's <c>study.yaml</c>, from which the plan, the runs and the
/// report can all be rebuilt: the study's catalog name, the seeds, the base settings (a resolved run spec, or the
/// study's own settings) as YAML, per-arm overrides (<c>ARM:key=value</c>) and the study's own parameters.
/// </summary>
/// <param name="Study">The study's name in the catalog (<c>compare</c>, <c>schedules</c>, …).</param>
/// <param name="Seeds">Seeds; each arm runs once per seed.</param>
/// <param name="BaseYaml">The base settings as YAML (empty when the study has none).</param>
/// <param name="ArmOverrides"><c>ARM:key=value</c> strings, applied to that arm only.</param>
/// <param name="Parameters">The study's own options by name (e.g. <c>grid</c> → <c>0.01,0.02</c>).</param>
public sealed record StudyDefinition(
    string Study,
    IReadOnlyList<int> Seeds,
    string BaseYaml,
    IReadOnlyList<string> ArmOverrides,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>When set, <see cref="Seeds"/> are the first seeds and more run until this rule is met (<c>--seeds auto:…</c>).</summary>
    public SeedRule? AutoSeeds { get; init; }

    /// <summary>The file in a study folder that records the definition.</summary>
    public const string FileName = "study.yaml";

    /// <summary>The value of parameter <paramref name="name"/>, or null when not given.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>True when both define the same study (same name, seeds, base, overrides and parameters).</summary>
    public bool SameAs(StudyDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Study == other.Study && Seeds.SequenceEqual(other.Seeds) && BaseYaml.Trim() == other.BaseYaml.Trim() && AutoSeeds == other.AutoSeeds &&
               ArmOverrides.SequenceEqual(other.ArmOverrides) &&
               Parameters.Count == other.Parameters.Count &&
               Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    /// <summary>The definition as the YAML of <c>study.yaml</c>.</summary>
    public string ToYaml()
    {
        var sb = new StringBuilder();
        sb.Append("# rewind experiment ").Append(Study).Append('\n');
        sb.Append("study: ").Append(Study).Append('\n');
        sb.Append("seeds: [").Append(string.Join(", ", Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
        if (AutoSeeds is not null) sb.Append("seeds_auto: ").Append(AutoSeeds).Append('\n');
        if (ArmOverrides.Count > 0)
            sb.Append("arm_overrides: [").Append(string.Join(", ", ArmOverrides.Select(Quote))).Append("]\n");
        if (Parameters.Count > 0)
        {
            sb.Append("parameters:\n");
            foreach (var (k, v) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append("  ").Append(k).Append(": ").Append(Quote(v)).Append('\n');
        }
        if (BaseYaml.Trim().Length > 0)
            sb.Append("base:\n").Append(string.Join("\n", BaseYaml.TrimEnd().Split('\n').Select(l => "  " + l))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <c>study.yaml</c> into <paramref name="outDir"/> (atomically).</summary>
    public void Save(string outDir) => AtomicFile.WriteAllText(Path.Combine(outDir, FileName), ToYaml());

    /// <summary>
    /// Reads the <c>study.yaml</c> of <paramref name="outDir"/>, or null when there is none. Folders written before the one
    /// study framework (first line <c># rewind compare</c> or <c># rewind experiment NAME</c>, parameters as top-level keys,
    /// a theory study's <c>settings:</c>) read as well.
    /// </summary>
    public static StudyDefinition? Load(string outDir)
    {
        var path = Path.Combine(outDir, FileName);
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new RewindUserException($"{path}: unreadable study record ({e.Message}); rerun the study's command with the same options to rewrite it.", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RewindUserException($"{path}: not a study record (expected a mapping); rerun the study's command to rewrite it.");
        string? study = null;
        var seeds = new List<int>();
        var overrides = new List<string>();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        string baseYaml = "";
        SeedRule? auto = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "study": study = Scalar(value); break;
                case "seeds": seeds.AddRange(Sequence(value).Select(s => int.Parse(s, CultureInfo.InvariantCulture))); break;
                case "arm_overrides": overrides.AddRange(Sequence(value)); break;
                case "seeds_auto": auto = SeedRule.Parse(Scalar(value)).Rule; break;
                case "arms": break; // written by older versions for information; the plan derives the arms
                case "parameters":
                    foreach (var (k, v) in ((YamlMappingNode)value).Children) parameters[Normal(((YamlScalarNode)k).Value ?? "")] = Scalar(v);
                    break;
                case "base" or "settings": baseYaml = Block(text, key); break;
                default: parameters[Normal(key)] = value is YamlSequenceNode ? string.Join(",", Sequence(value)) : Scalar(value); break;
            }
        }
        study ??= FirstLineStudy(text) ?? throw new RewindUserException($"{path}: does not say which study it records (no 'study:' key).");
        return new StudyDefinition(study, seeds, baseYaml, overrides, parameters) { AutoSeeds = auto };
    }

    /// <summary>Older folders wrote option names with underscores (<c>lr_scale</c>); options are written with dashes.</summary>
    private static string Normal(string key) => key.Replace('_', '-');

    private static string Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : node.ToString();

    private static IEnumerable<string> Sequence(YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Children.Select(Scalar) : [Scalar(node)];

    /// <summary>The indented block under top-level <paramref name="key"/>, de-indented (the YAML text as written).</summary>
    private static string Block(string text, string key)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int start = Array.FindIndex(lines, l => l == key + ":");
        if (start < 0) return "";
        var block = lines.Skip(start + 1).TakeWhile(l => l.Length == 0 || l.StartsWith(' ')).ToList();
        while (block.Count > 0 && block[^1].Length == 0) block.RemoveAt(block.Count - 1);
        return string.Join("\n", block.Select(l => l.Length >= 2 ? l[2..] : l.TrimStart())) + "\n";
    }

    private static string? FirstLineStudy(string text)
    {
        var first = text.Split('\n')[0].Trim();
        if (first == "# rewind compare") return "compare";
        const string prefix = "# rewind experiment ";
        return first.StartsWith(prefix, StringComparison.Ordinal) ? first[prefix.Length..].Trim() : null;
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
