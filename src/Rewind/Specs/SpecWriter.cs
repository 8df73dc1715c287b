using System.Text;

namespace Rewind.Specs;

/// <summary>
/// Writes the fully resolved spec as YAML: every key, defaults included, sections as nested mappings, lists as
/// flow sequences, numbers in shortest round-trip form. <see cref="SpecLoader.FromYaml"/> reads it back to an equal spec.
/// </summary>
public static class SpecWriter
{
    /// <summary>The canonical YAML text of <paramref name="spec"/>.</summary>
    /// <param name="spec">The spec to write.</param>
    /// <param name="withHelp">Put each key's help as a <c># comment</c> line above it.</param>
    public static string ToYaml(RunSpec spec, bool withHelp = false) => ToYaml(spec, SpecSchema.Model, withHelp);

    /// <summary>
    /// True when the two specs have the same value for every key (their canonical YAML is identical). Use this, not
    /// <c>==</c>: records holding lists compare the lists by reference.
    /// </summary>
    public static bool SameSpec(RunSpec a, RunSpec b) =>
        string.Equals(ToYaml(a), ToYaml(b), StringComparison.Ordinal);

    /// <summary>Canonical YAML of any spec record described by <paramref name="model"/>.</summary>
    internal static string ToYaml(object spec, SpecModel model, bool withHelp)
    {
        var sb = new StringBuilder();
        Write(sb, model.Root, spec, "", withHelp);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, SpecSection section, object? record, string indent, bool withHelp)
    {
        record ??= Activator.CreateInstance(section.ClrType)!;
        foreach (var m in section.Members)
        {
            var help = m.Field?.Help ?? m.Section!.Help;
            if (withHelp && help.Length > 0)
            {
                foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
                    sb.Append(indent).Append("# ").Append(line).Append('\n');
            }
            if (m.Field is { } f)
            {
                sb.Append(indent).Append(m.Name).Append(": ")
                    .Append(SpecValues.Format(f.ClrType, f.Property.GetValue(record))).Append('\n');
            }
            else
            {
                var sub = m.Section!;
                sb.Append(indent).Append(m.Name).Append(':');
                if (sub.Members.Count == 0)
                {
                    sb.Append(" {}\n");
                    continue;
                }
                sb.Append('\n');
                Write(sb, sub, sub.Property!.GetValue(record), indent + "  ", withHelp);
            }
        }
    }
}
