using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rewind.Specs;

/// <summary>
/// Parsing, formatting and describing the value types a spec field may have: string, int, long, double, bool,
/// <see cref="Duration"/>, enums, and <c>IReadOnlyList&lt;T&gt;</c> of any of those. Invariant culture throughout.
/// </summary>
internal static partial class SpecValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>True for the single-value types a field may have.</summary>
    public static bool IsScalar(Type t) =>
        t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool)
        || t == typeof(Duration) || t.IsEnum;

    /// <summary>True for <c>IReadOnlyList&lt;T&gt;</c> with a scalar <c>T</c>.</summary>
    public static bool IsList(Type t, out Type element)
    {
        element = typeof(void);
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(IReadOnlyList<>)) return false;
        element = t.GetGenericArguments()[0];
        return IsScalar(element);
    }

    /// <summary>The element type of a list type, or the type itself.</summary>
    public static Type ElementType(Type t) => IsList(t, out var e) ? e : t;

    /// <summary>True for a nested record: a concrete class other than string with a public parameterless constructor.</summary>
    public static bool IsSection(Type t) =>
        t.IsClass && t != typeof(string) && !t.IsAbstract && !typeof(IEnumerable).IsAssignableFrom(t)
        && t.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>True for the numeric types a <see cref="RangeAttribute"/> applies to.</summary>
    public static bool IsNumeric(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(double);

    /// <summary>"number", "list of durations", ...</summary>
    public static string Describe(Type t) =>
        IsList(t, out var e) ? "list of " + Plural(e) : Singular(t);

    private static string Singular(Type t) =>
        t == typeof(string) ? "string"
        : t == typeof(int) || t == typeof(long) ? "integer"
        : t == typeof(double) ? "number"
        : t == typeof(bool) ? "boolean"
        : t == typeof(Duration) ? "duration"
        : t.IsEnum ? "choice"
        : t.Name;

    private static string Plural(Type t) => Singular(t) + "s";

    /// <summary>An example value of the type in YAML, for fix hints.</summary>
    public static string Example(Type t)
    {
        if (IsList(t, out var e))
        {
            if (e == typeof(Duration)) return "[20ep, 30ep]";
            if (e == typeof(double)) return "[0.1, 0.01]";
            if (e == typeof(int) || e == typeof(long)) return "[1, 2]";
            if (e == typeof(bool)) return "[true, false]";
            if (e.IsEnum) return $"[{string.Join(", ", EnumNames(e).Take(2))}]";
            return "[a, b]";
        }
        return t == typeof(string) ? "text"
            : t == typeof(int) || t == typeof(long) ? "1"
            : t == typeof(double) ? "0.1"
            : t == typeof(bool) ? "true"
            : t == typeof(Duration) ? "10ep"
            : t.IsEnum && EnumNames(t) is { Count: > 0 } names ? names[0]
            : "";
    }

    /// <summary>How to write a value of a scalar type, for error messages.</summary>
    public static string Hint(Type t) =>
        t == typeof(int) || t == typeof(long) ? "write a whole number such as 128"
        : t == typeof(double) ? "write a number such as 0.1, .5 or 1e-4"
        : t == typeof(bool) ? "write true or false (yes/no also work)"
        : t == typeof(Duration) ? "write epochs and/or iterations such as 40ep, 1000it or 2ep500it"
        : t.IsEnum ? "write one of: " + string.Join(", ", EnumNames(t))
        : "write a value";

    /// <summary>Parses one scalar of type <paramref name="t"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(Type t, string text, out object? value, out string problem)
    {
        value = null;
        problem = "";
        var s = text.Trim();
        if (t == typeof(string))
        {
            value = text;
            return true;
        }
        if (t == typeof(int) || t == typeof(long))
        {
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, Inv, out var l))
            {
                if (t == typeof(long)) { value = l; return true; }
                if (l is >= int.MinValue and <= int.MaxValue) { value = (int)l; return true; }
                problem = $"'{text}' is too large for an integer";
                return false;
            }
            problem = $"'{text}' is not a whole number";
            return false;
        }
        if (t == typeof(double))
        {
            if (double.TryParse(s, NumberStyles.Float, Inv, out var d) && double.IsFinite(d))
            {
                value = d;
                return true;
            }
            problem = $"'{text}' is not a number";
            return false;
        }
        if (t == typeof(bool))
        {
            switch (s.ToLowerInvariant())
            {
                case "true" or "yes": value = true; return true;
                case "false" or "no": value = false; return true;
            }
            problem = $"'{text}' is not a boolean";
            return false;
        }
        if (t == typeof(Duration))
        {
            if (Duration.TryParse(s, out var dur)) { value = dur; return true; }
            problem = $"'{text}' is not a duration";
            return false;
        }
        if (t.IsEnum)
        {
            var wanted = Normalise(s);
            foreach (var name in Enum.GetNames(t))
            {
                if (Normalise(name) == wanted) { value = Enum.Parse(t, name); return true; }
            }
            problem = $"'{text}' is not one of: {string.Join(", ", EnumNames(t))}";
            return false;
        }
        throw new InvalidOperationException($"Spec values of type {t.Name} are not supported.");
    }

    private static string Normalise(string s) => s.Replace("-", "", StringComparison.Ordinal)
        .Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>The names an enum's members are written as: kebab-case (<c>WarmupStep</c> → <c>warmup-step</c>).</summary>
    public static IReadOnlyList<string> EnumNames(Type t) =>
        Enum.GetNames(t).Select(n => SpecSchema.ToSnakeCase(n).Replace('_', '-')).ToList();

    /// <summary>Makes the immutable list a field of type <c>IReadOnlyList&lt;element&gt;</c> holds.</summary>
    public static object MakeList(Type element, IEnumerable items)
    {
        var source = items.Cast<object?>().ToList();
        var array = Array.CreateInstance(element, source.Count);
        for (int i = 0; i < source.Count; i++) array.SetValue(source[i], i);
        var wrapper = typeof(System.Collections.ObjectModel.ReadOnlyCollection<>).MakeGenericType(element);
        return Activator.CreateInstance(wrapper, array)!;
    }

    /// <summary>The canonical YAML text of a value: plain scalars where safe, flow sequences for lists.</summary>
    public static string Format(Type t, object? value)
    {
        if (IsList(t, out var e))
        {
            var items = value is IEnumerable seq ? seq.Cast<object?>() : [];
            return "[" + string.Join(", ", items.Select(x => FormatScalar(e, x))) + "]";
        }
        return FormatScalar(t, value);
    }

    private static string FormatScalar(Type t, object? value) => value switch
    {
        null => t == typeof(string) ? "\"\"" : "null",
        string s => QuoteIfNeeded(s),
        int i => i.ToString(Inv),
        long l => l.ToString(Inv),
        double d => d.ToString("R", Inv),
        bool b => b ? "true" : "false",
        Duration dur => dur.ToString(),
        Enum en => SpecSchema.ToSnakeCase(en.ToString()).Replace('_', '-'),
        _ => QuoteIfNeeded(Convert.ToString(value, Inv) ?? ""),
    };

    /// <summary>A string as a YAML scalar: plain when that reads back as the same string everywhere, else double-quoted.</summary>
    public static string QuoteIfNeeded(string s)
    {
        bool plain = PlainSafe().IsMatch(s)
            && !Reserved.Contains(s.ToLowerInvariant())
            && !double.TryParse(s, NumberStyles.Float, Inv, out _);
        return plain ? s : Quote(s);
    }

    private static readonly HashSet<string> Reserved =
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan"];

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is '\u2028' or '\u2029' or '\ufeff')
                        sb.Append(Inv, $"\\u{(int)c:x4}");
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The value as a double when it is numeric.</summary>
    public static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case int i: number = i; return true;
            case long l: number = l; return true;
            case double d: number = d; return true;
            default: number = 0; return false;
        }
    }

    /// <summary>True when <paramref name="v"/> lies in the range.</summary>
    public static bool InRange(double v, RangeAttribute r) =>
        (r.MinExclusive ? v > r.Min : v >= r.Min) && (r.MaxExclusive ? v < r.Max : v <= r.Max);

    /// <summary>"(0, 1)", "[0, 100]", "&gt;= 0" (an upper bound at a type's maximum is left out).</summary>
    public static string RangeText(RangeAttribute r)
    {
        bool noMax = r.Max is int.MaxValue or long.MaxValue or double.MaxValue or double.PositiveInfinity;
        bool noMin = r.Min is int.MinValue or long.MinValue or double.MinValue or double.NegativeInfinity;
        string min = FormatBound(r.Min), max = FormatBound(r.Max);
        if (noMax && noMin) return "any number";
        if (noMax) return (r.MinExclusive ? "> " : ">= ") + min;
        if (noMin) return (r.MaxExclusive ? "< " : "<= ") + max;
        return $"{(r.MinExclusive ? '(' : '[')}{min}, {max}{(r.MaxExclusive ? ')' : ']')}";
    }

    /// <summary>"1.5 is outside (0, 1)" or "-1 is not &gt;= 0".</summary>
    public static string RangeProblem(string valueText, RangeAttribute r)
    {
        var text = RangeText(r);
        return text.StartsWith('(') || text.StartsWith('[') ? $"{valueText} is outside {text}" : $"{valueText} is not {text}";
    }

    private static string FormatBound(double b) => b.ToString("R", Inv);

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./+\-]*$")]
    private static partial Regex PlainSafe();
}
