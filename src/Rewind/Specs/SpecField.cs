using System.Reflection;

namespace Rewind.Specs;

/// <summary>
/// One settable key of a spec, derived from a record property by reflection: its dotted key, type, default, help
/// and allowed values. Used for help output, documentation, validation and serialisation.
/// </summary>
public sealed class SpecField
{
    private readonly ChoicesAttribute? _choices;

    internal SpecField(string key, IReadOnlyList<PropertyInfo> path, string help, RangeAttribute? range,
        ChoicesAttribute? choices)
    {
        Key = key;
        Path = path;
        Property = path[^1];
        Help = help;
        Range = range;
        _choices = choices;
        Name = key[(key.LastIndexOf('.') + 1)..];
        Section = key.Contains('.', StringComparison.Ordinal) ? key[..key.LastIndexOf('.')] : "";
        ClrType = Property.PropertyType;
        Type = SpecValues.Describe(ClrType);
    }

    /// <summary>The dotted key as written in YAML and in <c>--set</c>, e.g. <c>optimizer.weight_decay</c>.</summary>
    public string Key { get; }

    /// <summary>The last segment of <see cref="Key"/>, e.g. <c>weight_decay</c>.</summary>
    public string Name { get; }

    /// <summary>The dotted key of the section holding this field; empty at the top level.</summary>
    public string Section { get; }

    /// <summary>Human description of the value type: string, integer, number, boolean, duration, list of durations, ...</summary>
    public string Type { get; }

    /// <summary>The property's CLR type.</summary>
    public Type ClrType { get; }

    /// <summary>The default value as YAML text (the form <c>SpecWriter</c> writes), e.g. <c>0.0001</c>, <c>10ep</c>, <c>[]</c>.</summary>
    public string DefaultText { get; internal set; } = "";

    /// <summary>One-line help from <see cref="HelpAttribute"/>; empty when the property has none.</summary>
    public string Help { get; }

    /// <summary>The numeric range (applies to each element of a list), or null when unrestricted.</summary>
    public RangeAttribute? Range { get; }

    /// <summary>The allowed values (for a list: of each element); empty when any value of the type is allowed.</summary>
    public IReadOnlyList<string> Choices =>
        _choices is not null ? _choices.Resolve()
        : SpecValues.ElementType(ClrType) is { IsEnum: true } e ? SpecValues.EnumNames(e)
        : [];

    /// <summary>What values are allowed, for people: "one of: sgd, adam", "(0, 1)", "&gt;= 0"; empty when unrestricted.</summary>
    public string Allowed
    {
        get
        {
            var each = SpecValues.IsList(ClrType, out _) ? "each " : "";
            if (Choices.Count > 0) return $"{each}one of: {string.Join(", ", Choices)}";
            if (Range is not null) return each + SpecValues.RangeText(Range);
            return "";
        }
    }

    /// <summary>The property path from the root record to this field.</summary>
    internal IReadOnlyList<PropertyInfo> Path { get; }

    /// <summary>The property this field is (the last of <see cref="Path"/>).</summary>
    internal PropertyInfo Property { get; }

    /// <summary>Reads this field's value from a root record (a missing section reads as its defaults).</summary>
    internal object? GetValue(object root)
    {
        object current = root;
        for (int i = 0; i < Path.Count - 1; i++)
            current = Path[i].GetValue(current) ?? Activator.CreateInstance(Path[i].PropertyType)!;
        return Property.GetValue(current);
    }

    /// <summary>"key (type, default d, allowed): help" — one line for listings.</summary>
    public override string ToString()
    {
        var allowed = Allowed.Length > 0 ? $", {Allowed}" : "";
        var help = Help.Length > 0 ? $": {Help}" : "";
        return $"{Key} ({Type}, default {DefaultText}{allowed}){help}";
    }
}
