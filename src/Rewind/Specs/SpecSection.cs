using System.Reflection;

namespace Rewind.Specs;

/// <summary>A section of a spec: a nested record whose keys are written under a dotted prefix (e.g. <c>optimizer</c>).</summary>
public sealed class SpecSection
{
    private readonly List<Member> _members = [];

    internal SpecSection(string key, Type type, PropertyInfo? property, string help)
    {
        Key = key;
        Name = key[(key.LastIndexOf('.') + 1)..];
        ClrType = type;
        Property = property;
        Help = help;
    }

    /// <summary>The dotted key of the section, e.g. <c>optimizer</c> or <c>schedule.peak</c>; empty for the top level.</summary>
    public string Key { get; }

    /// <summary>The last segment of <see cref="Key"/>.</summary>
    public string Name { get; }

    /// <summary>One-line help from <see cref="HelpAttribute"/> on the section property; empty when none.</summary>
    public string Help { get; }

    /// <summary>The record type of the section.</summary>
    public Type ClrType { get; }

    /// <summary>The names (last segments) of the fields and sub-sections directly inside, in declaration order.</summary>
    public IReadOnlyList<string> Keys => _members.Select(m => m.Name).ToList();

    /// <summary>The property holding this section in its parent; null for the top level.</summary>
    internal PropertyInfo? Property { get; }

    /// <summary>Fields and sub-sections in declaration order.</summary>
    internal IReadOnlyList<Member> Members => _members;

    internal void Add(Member member) => _members.Add(member);

    /// <summary>A field or a sub-section of a section.</summary>
    internal readonly record struct Member(string Name, SpecField? Field, SpecSection? Section);
}
