namespace Rewind.Core;

/// <summary>One-line help for a spec field; shown in error messages and in the documented spec.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HelpAttribute(string text) : Attribute
{
    /// <summary>The help text.</summary>
    public string Text { get; } = text;
}

/// <summary>Overrides the snake_case key derived from the property name (e.g. <c>rewind_bn</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KeyAttribute(string name) : Attribute
{
    /// <summary>The key as written in YAML and in <c>--set</c>.</summary>
    public string Name { get; } = name;
}

/// <summary>Inclusive numeric range (set <see cref="MinExclusive"/>/<see cref="MaxExclusive"/> for open ends).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double min, double max) : Attribute
{
    /// <summary>Lower bound.</summary>
    public double Min { get; } = min;
    /// <summary>Upper bound.</summary>
    public double Max { get; } = max;
    /// <summary>The lower bound itself is not allowed.</summary>
    public bool MinExclusive { get; init; }
    /// <summary>The upper bound itself is not allowed.</summary>
    public bool MaxExclusive { get; init; }
}

/// <summary>
/// The allowed string values: either listed inline, or read from a public static property
/// <c>IReadOnlyList&lt;string&gt;</c> named <see cref="SourceProperty"/> on <see cref="SourceType"/> (a catalog).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoicesAttribute : Attribute
{
    /// <summary>Fixed list of allowed values.</summary>
    public ChoicesAttribute(params string[] values) => Values = values;

    /// <summary>Allowed values come from a catalog's static property.</summary>
    public ChoicesAttribute(Type sourceType, string sourceProperty)
    {
        Values = [];
        SourceType = sourceType;
        SourceProperty = sourceProperty;
    }

    /// <summary>Inline values (empty when a source is named).</summary>
    public IReadOnlyList<string> Values { get; }
    /// <summary>Catalog type holding the list.</summary>
    public Type? SourceType { get; }
    /// <summary>Name of the static property on <see cref="SourceType"/>.</summary>
    public string? SourceProperty { get; }

    /// <summary>The allowed values, resolved.</summary>
    public IReadOnlyList<string> Resolve()
    {
        if (SourceType is null || SourceProperty is null) return Values;
        var prop = SourceType.GetProperty(SourceProperty,
            System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            ?? throw new InvalidOperationException($"{SourceType.Name}.{SourceProperty} not found");
        return (IReadOnlyList<string>)prop.GetValue(null)!;
    }
}
