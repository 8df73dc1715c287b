using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Rewind.Specs;

/// <summary>
/// The keys of a spec record type, derived by reflection from its properties (the one definition of the keys):
/// every public property with a setter is a field, or a section when its type is a nested record.
/// Built once per root type; a record the model cannot describe is a programming error (InvalidOperationException).
/// </summary>
internal sealed partial class SpecModel
{
    private static readonly ConcurrentDictionary<Type, SpecModel> Cache = new();

    private readonly Dictionary<string, SpecField> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecSection> _sections = new(StringComparer.Ordinal);
    private readonly List<SpecField> _fieldList = [];
    private readonly List<SpecSection> _sectionList = [];

    private SpecModel(Type rootType)
    {
        RootType = rootType;
        Root = new SpecSection("", rootType, null, "");
        _sections[""] = Root;
        Fill(Root, [], [rootType]);
        var defaults = Activator.CreateInstance(rootType)!;
        foreach (var f in _fieldList) f.DefaultText = SpecValues.Format(f.ClrType, f.GetValue(defaults));
    }

    /// <summary>The model of <paramref name="rootType"/> (cached).</summary>
    public static SpecModel For(Type rootType) => Cache.GetOrAdd(rootType, t => new SpecModel(t));

    /// <summary>The root record type.</summary>
    public Type RootType { get; }

    /// <summary>The top level (key "").</summary>
    public SpecSection Root { get; }

    /// <summary>Every field, depth-first in declaration order.</summary>
    public IReadOnlyList<SpecField> Fields => _fieldList;

    /// <summary>Every section below the top level, depth-first in declaration order.</summary>
    public IReadOnlyList<SpecSection> Sections => _sectionList;

    /// <summary>The field with this dotted key.</summary>
    public bool TryGetField(string key, out SpecField field) => _fields.TryGetValue(key, out field!);

    /// <summary>The section with this dotted key ("" = top level).</summary>
    public bool TryGetSection(string key, out SpecSection section) => _sections.TryGetValue(key, out section!);

    /// <summary>Every key a user may write: fields and sections.</summary>
    public IEnumerable<string> AllKeys => _fieldList.Select(f => f.Key).Concat(_sectionList.Select(s => s.Key));

    private void Fill(SpecSection section, List<PropertyInfo> path, List<Type> typesOnPath)
    {
        var props = section.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);
        foreach (var p in props)
        {
            var name = p.GetCustomAttribute<KeyAttribute>()?.Name ?? SpecSchema.ToSnakeCase(p.Name);
            var where = $"{section.ClrType.Name}.{p.Name}";
            if (!KeyPattern().IsMatch(name))
                throw new InvalidOperationException($"{where}: key '{name}' must be lower-case letters, digits and '_'.");
            if (section.Keys.Contains(name))
                throw new InvalidOperationException($"{where}: key '{name}' is used twice in {section.ClrType.Name}.");
            var key = section.Key.Length == 0 ? name : section.Key + "." + name;
            var help = p.GetCustomAttribute<HelpAttribute>()?.Text ?? "";
            var range = p.GetCustomAttribute<RangeAttribute>();
            var choices = p.GetCustomAttribute<ChoicesAttribute>();
            var t = p.PropertyType;
            var subPath = new List<PropertyInfo>(path) { p };

            if (SpecValues.IsScalar(t) || SpecValues.IsList(t, out _))
            {
                var element = SpecValues.ElementType(t);
                if (range is not null && !SpecValues.IsNumeric(element))
                    throw new InvalidOperationException($"{where}: [Range] needs a numeric type, not {t.Name}.");
                if (choices is not null && element != typeof(string))
                    throw new InvalidOperationException($"{where}: [Choices] needs a string type, not {t.Name}.");
                var field = new SpecField(key, subPath, help, range, choices);
                _fields[key] = field;
                _fieldList.Add(field);
                section.Add(new SpecSection.Member(name, field, null));
            }
            else if (SpecValues.IsSection(t))
            {
                if (typesOnPath.Contains(t))
                    throw new InvalidOperationException($"{where}: section type {t.Name} contains itself.");
                if (range is not null || choices is not null)
                    throw new InvalidOperationException($"{where}: [Range]/[Choices] do not apply to a section.");
                var sub = new SpecSection(key, t, p, help);
                _sections[key] = sub;
                _sectionList.Add(sub);
                section.Add(new SpecSection.Member(name, null, sub));
                Fill(sub, subPath, [.. typesOnPath, t]);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{where}: spec fields may be string, int, long, double, bool, Duration, an enum, IReadOnlyList<> " +
                    $"of those, or a nested record with a parameterless constructor; not {t.Name}.");
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
