using System.Globalization;
using Rewind.Runs;
using YamlDotNet.RepresentationModel;

namespace Rewind.Experiments.Claims;

/// <summary>
/// The register of testable claims of both papers (<c>claims/register.yaml</c>, compiled into the library): per claim the
/// paper, where it is made, the statement, the study that tests it, how (<see cref="ClaimTest"/>), the CPU-scale command
/// and protocol, and the paper-scale protocol.
/// </summary>
public static class ClaimsRegister
{
    /// <summary>The register compiled into the library.</summary>
    public static IReadOnlyList<Claim> Builtin { get; } = Parse(Embedded(), "claims/register.yaml");

    /// <summary>Reads a register file (the format of <c>claims/register.yaml</c>).</summary>
    public static IReadOnlyList<Claim> Load(string path)
    {
        if (!File.Exists(path)) throw new RewindUserException($"{path}: no such claims register.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses register YAML; a malformed entry is a user error naming the file and the claim.</summary>
    public static IReadOnlyList<Claim> Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new RewindUserException($"{source}: not valid YAML ({e.Message}).", e); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlSequenceNode list)
            throw new RewindUserException($"{source}: a register is a YAML list of claims.");
        var claims = new List<Claim>();
        foreach (var node in list.Children.OfType<YamlMappingNode>())
        {
            string Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";
            var id = Get("id");
            if (id.Length == 0) throw new RewindUserException($"{source}: a claim has no id.");
            if (!node.Children.TryGetValue(new YamlScalarNode("test"), out var testNode) || testNode is not YamlMappingNode test)
                throw new RewindUserException($"{source}: claim {id} has no test.");
            var parameters = node.Children.TryGetValue(new YamlScalarNode("parameters"), out var p) && p is YamlMappingNode pm
                ? pm.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            claims.Add(new Claim(id, Get("paper"), Get("where"), Get("claim"), Get("study"), ParseTest(test, id, source), parameters,
                Get("command"), Get("protocol"), Get("paper_scale")));
        }
        return claims;
    }

    private static ClaimTest ParseTest(YamlMappingNode test, string id, string source)
    {
        var (kind, body) = test.Children.First();
        string k = ((YamlScalarNode)kind).Value ?? "";
        if (k == "finding" && body is YamlScalarNode f) return new ClaimTest("finding", "", "", 0, f.Value ?? "");
        if (body is not YamlMappingNode m || k is not ("better" or "equal"))
            throw new RewindUserException($"{source}: claim {id}: test must be better: {{a, b}}, equal: {{a, b, margin}} or finding: ID.");
        string Arm(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";
        double margin = double.TryParse(Arm("margin"), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : 0;
        return new ClaimTest(k, Arm("a"), Arm("b"), margin, "");
    }

    private static string Embedded()
    {
        using var s = typeof(ClaimsRegister).Assembly.GetManifestResourceStream("Rewind.claims.register.yaml")
                      ?? throw new InvalidOperationException("The claims register is not compiled into the library.");
        using var reader = new StreamReader(s);
        return reader.ReadToEnd();
    }
}

/// <summary>One claim of a paper and how Rewind tests it.</summary>
/// <param name="Id">Short id (A1, B3, …).</param>
/// <param name="Paper">Which paper.</param>
/// <param name="Where">Section and figures.</param>
/// <param name="Statement">The claim in one sentence.</param>
/// <param name="Study">The study that tests it.</param>
/// <param name="Test">How its verdict is computed.</param>
/// <param name="Parameters">Study options a folder must have been run with to count.</param>
/// <param name="Command">The CPU-scale command.</param>
/// <param name="Protocol">The CPU-scale protocol in words.</param>
/// <param name="PaperScale">What the paper's own protocol would be.</param>
public sealed record Claim(string Id, string Paper, string Where, string Statement, string Study, ClaimTest Test,
    IReadOnlyDictionary<string, string> Parameters, string Command, string Protocol, string PaperScale);

/// <summary>How a claim is tested: <c>better</c> (arm A beats arm B), <c>equal</c> (within ±margin points) or <c>finding</c> (the study's own verdict).</summary>
/// <param name="Kind">better, equal or finding.</param>
/// <param name="A">Arm a.</param>
/// <param name="B">Arm b.</param>
/// <param name="Margin">For equal: the margin in percentage points.</param>
/// <param name="Finding">For finding: the finding's id in findings.json.</param>
public sealed record ClaimTest(string Kind, string A, string B, double Margin, string Finding);
