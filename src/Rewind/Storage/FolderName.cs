using System.Security.Cryptography;
using System.Text;

namespace Rewind.Storage;

/// <summary>
/// Turns free text (a spec's <c>name</c>) into one safe folder name: ASCII letters, digits, '.', '_' and '-' only, no
/// path separators, no leading dot, never "." or "..", at most <see cref="MaxLength"/> characters. A name is only ever
/// a label: where a run is written is chosen with <c>--out</c>, never by the name.
/// </summary>
public static class FolderName
{
    /// <summary>The longest folder name produced (file systems allow 255 bytes; the CLI appends a timestamp).</summary>
    public const int MaxLength = 64;

    /// <summary>The safe folder name for <paramref name="name"/>: "lenet-lrr" stays as it is, "../../etc/evil" becomes "etc-evil".</summary>
    public static string From(string? name)
    {
        var sb = new StringBuilder();
        foreach (char c in name ?? "")
        {
            char d = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-';
            if (d == '-' && sb.Length > 0 && sb[^1] == '-') continue;
            sb.Append(d);
        }
        var safe = sb.ToString().Trim('.', '-');
        while (safe.Contains("..", StringComparison.Ordinal)) safe = safe.Replace("..", ".", StringComparison.Ordinal);
        if (safe.Length == 0) safe = "run";
        if (safe.Length > MaxLength)
        {
            // Long names keep a prefix and a short hash of the whole name, so two long names rarely collide.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name!)))[..8];
            safe = safe[..(MaxLength - 9)].TrimEnd('.', '-') + "-" + hash;
        }
        return safe;
    }
}
