using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Rewind.Storage;

namespace Rewind.Pruning;

/// <summary>
/// A run's <c>spec.yaml</c>: one comment line binding the file to its content (<c># sha256 &lt;hex&gt; …</c>), then the
/// resolved spec. The same hash is recorded in every checkpoint, snapshot and level summary of the run (with a copy of
/// the spec in the tensor files), so a spec that was emptied, cut short, edited or swapped is recognised and can be
/// restored (<see cref="RunRepair"/>). A file without the line (written by an older Rewind) is checked against those
/// records only.
/// </summary>
public static partial class RunSpecFile
{
    /// <summary>Metadata key (tensor files) holding the spec's SHA-256.</summary>
    public const string HashKey = "spec_sha256";

    /// <summary>Metadata key (tensor files) holding the spec itself, for restoring a damaged <c>spec.yaml</c>.</summary>
    public const string TextKey = "spec";

    /// <summary>The SHA-256 (lowercase hex) of a spec's text as Rewind binds it.</summary>
    public static string Sha256(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>The file content for spec text <paramref name="body"/>: the binding line, then the text.</summary>
    public static string Compose(string body) =>
        $"# sha256 {Sha256(body)}: the spec this run was trained with. Rewind refuses an edited copy; `rewind repair DIR` restores it.\n" + body;

    /// <summary>Writes <paramref name="body"/> with its binding line to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, string body) => AtomicFile.WriteAllText(path, Compose(body));

    /// <summary>Reads <paramref name="path"/> into its recorded hash (null without a binding line), its spec text and that text's hash.</summary>
    public static (string? RecordedSha256, string Body, string BodySha256) Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"{path}: cannot read the run's spec ({e.Message}).", e);
        }
        var m = BindingLine().Match(text);
        var body = m.Success ? text[(m.Length)..] : text;
        return (m.Success ? m.Groups[1].Value : null, body, Sha256(body));
    }

    [GeneratedRegex(@"\A# sha256 ([0-9a-f]{64})[^\n]*\n")]
    private static partial Regex BindingLine();
}
