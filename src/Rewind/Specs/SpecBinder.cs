using YamlDotNet.Core;

namespace Rewind.Specs;

/// <summary>
/// Turns YAML documents and <c>--set key=value</c> overrides into a spec record, on top of a base record.
/// Every problem is collected (one line each, starting with the source name and the key) and reported together
/// by <see cref="Build"/> as one <see cref="RewindUserException"/>.
/// </summary>
internal sealed class SpecBinder
{
    private readonly SpecModel _model;
    private readonly string _source;
    private readonly string _baseName;
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecYamlNode> _fromFile = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private int _unlisted; // problems found beyond the first MaxListed, counted but not described

    /// <summary>At most this many problems are listed (and get suggestions worked out); the rest are counted.</summary>
    public const int MaxListed = 20;

    /// <param name="model">The keys.</param>
    /// <param name="baseSpec">The record whose values apply where nothing else is given.</param>
    /// <param name="source">File name (or other origin) every message starts with.</param>
    /// <param name="baseName">How messages call <paramref name="baseSpec"/>: "the default", "the base spec".</param>
    public SpecBinder(SpecModel model, object baseSpec, string source, string baseName)
    {
        _model = model;
        _source = source;
        _baseName = baseName;
        foreach (var f in model.Fields) _values[f.Key] = f.GetValue(baseSpec);
    }

    /// <summary>Applies a YAML document: nested mappings and/or dotted keys.</summary>
    public void AddYaml(string text)
    {
        List<SpecYamlNode> documents;
        try
        {
            documents = SpecYamlNode.Parse(text);
        }
        catch (YamlException ex)
        {
            AddError($"{_source}:{ex.Start.Line}:{ex.Start.Column}: YAML syntax error: {Sentence(ex.Message)} " +
                        "Check the indentation, the ': ' after each key and the quoting there.");
            return;
        }
        if (documents.Count > 1)
        {
            var second = documents[1];
            AddError($"{_source}:{second.Line}:{second.Column}: the file holds {documents.Count} YAML documents " +
                        "(separated by '---'); a spec is a single mapping, so remove the '---' and merge them.");
        }
        if (documents.Count == 0 || documents[0].IsNull) return;
        var root = documents[0];
        if (root.Kind != SpecYamlNode.NodeKind.Mapping)
        {
            AddError($"{At(root, null).Where}: the spec must be a mapping of keys to values such as " +
                        $"'{ExampleAssignment()}', not a {root.KindName}.");
            return;
        }
        AddMapping(_model.Root, root, null);
    }

    /// <summary>Applies one <c>key=value</c> override; the value is a YAML scalar or flow sequence/mapping.</summary>
    public void AddOverride(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? "" : text[..eq].Trim();
        if (eq < 0 || key.Length == 0)
        {
            var what = eq < 0 ? "has no '='" : "has no key before '='";
            var where = _source == "--set" ? "" : _source + ": ";
            AddError($"{where}--set '{text}' {what}; write --set key=value, " +
                        $"e.g. --set {ExampleAssignment().Replace(": ", "=", StringComparison.Ordinal)}.");
            return;
        }
        var note = $" (from --set {text})";
        var raw = text[(eq + 1)..].Trim();
        SpecYamlNode value;
        if (raw.Length > 0 && raw[0] is '[' or '{' or '"' or '\'')
        {
            try
            {
                var documents = SpecYamlNode.Parse(raw);
                value = documents.Count == 0 ? SpecYamlNode.PlainScalar("") : documents[0];
            }
            catch (YamlException ex)
            {
                Error(new Origin(_source, 0, 0, note), key, $"'{raw}' is not valid YAML ({Sentence(ex.Message).TrimEnd('.')})",
                    "write a list as [a, b] and put text with special characters in quotes");
                return;
            }
        }
        else
        {
            // Unquoted text is taken literally (so '#' or ': ' in a path survive the shell).
            value = SpecYamlNode.PlainScalar(raw);
        }
        Assign(key, SpecYamlNode.PlainScalar(key), value, note);
    }

    /// <summary>The record, or a <see cref="RewindUserException"/> listing every problem found, one per line.</summary>
    public object Build()
    {
        foreach (var f in _model.Fields)
        {
            if (!_assigned.Contains(f.Key))
                Validate(f, _values[f.Key], new Origin(_source, 0, 0, $" ({_baseName}, not set here)"));
        }
        if (_errors.Count > 0)
        {
            var more = _unlisted == 0 ? "" : $"\n… and {_unlisted} more problem{(_unlisted == 1 ? "" : "s")} (the first {MaxListed} are listed; fix them first).";
            throw new RewindUserException(string.Join("\n", _errors) + more);
        }
        return BuildSection(_model.Root);
    }

    private object BuildSection(SpecSection section)
    {
        var record = Activator.CreateInstance(section.ClrType)!;
        foreach (var m in section.Members)
        {
            if (m.Field is { } f)
            {
                var value = _values[f.Key];
                if (SpecValues.IsList(f.ClrType, out var element))
                    value = SpecValues.MakeList(element, (System.Collections.IEnumerable?)value ?? Array.Empty<object>());
                f.Property.SetValue(record, value);
            }
            else
            {
                m.Section!.Property!.SetValue(record, BuildSection(m.Section));
            }
        }
        return record;
    }

    private void AddMapping(SpecSection section, SpecYamlNode map, string? note)
    {
        var seen = new Dictionary<string, SpecYamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Entries)
        {
            if (keyNode.Kind != SpecYamlNode.NodeKind.Scalar || keyNode.Value.Trim().Length == 0)
            {
                var where = section.Key.Length == 0 ? "" : section.Key + ": ";
                AddError($"{At(keyNode, note).Where}: {where}a key must be a name such as '{(section.Keys.Count > 0 ? section.Keys[0] : "key")}', " +
                            $"not {(keyNode.Kind == SpecYamlNode.NodeKind.Scalar ? "empty" : "a " + keyNode.KindName)}.");
                continue;
            }
            var name = keyNode.Value.Trim();
            var full = section.Key.Length == 0 ? name : section.Key + "." + name;
            if (seen.TryGetValue(name, out var first) && _model.TryGetSection(full, out _))
            {
                // Two blocks for one section (a repeated field is caught per field, in SetField).
                Error(At(keyNode, note), full, $"is given twice (first on line {first.Line})", "merge the two blocks");
                continue;
            }
            seen[name] = keyNode;
            Assign(full, keyNode, valueNode, note);
        }
    }

    private void Assign(string key, SpecYamlNode keyNode, SpecYamlNode valueNode, string? note)
    {
        if (key.Length > 0 && _model.TryGetSection(key, out var section))
        {
            if (valueNode.Kind == SpecYamlNode.NodeKind.Mapping)
            {
                AddMapping(section, valueNode, note);
            }
            else if (!valueNode.IsNull)
            {
                var first = section.Members.FirstOrDefault(m => m.Field is not null).Field;
                var fix = first is null
                    ? $"write its keys ({string.Join(", ", section.Keys)}) nested under it"
                    : $"write its keys nested ({key}: {{{first.Name}: {first.DefaultText}}}) or dotted ({first.Key}: {first.DefaultText})";
                var given = valueNode.Kind == SpecYamlNode.NodeKind.Scalar ? $"a value ('{valueNode.Value}' given)" : "a list";
                Error(At(valueNode, note), key, $"is a section, not {given}", fix);
            }
            return;
        }
        if (_model.TryGetField(key, out var field))
        {
            SetField(field, keyNode, valueNode, note);
            return;
        }
        if (_errors.Count >= MaxListed)
        {
            _unlisted++;
            return;
        }
        var near = SpecSuggest.NearestKey(key, _model.AllKeys);
        if (near is not null)
        {
            Error(At(keyNode, note), key, "unknown key", $"did you mean '{near}'?");
        }
        else
        {
            var holder = DeepestSection(key);
            var list = string.Join(", ", holder.Keys);
            Error(At(keyNode, note), key, "unknown key",
                holder.Key.Length == 0 ? $"the top-level keys are: {list}" : $"the keys of '{holder.Key}' are: {list}");
        }
    }

    private SpecSection DeepestSection(string key)
    {
        var section = _model.Root;
        var prefix = "";
        foreach (var segment in key.Split('.'))
        {
            prefix = prefix.Length == 0 ? segment : prefix + "." + segment;
            if (!_model.TryGetSection(prefix, out var next)) break;
            section = next;
        }
        return section;
    }

    private void SetField(SpecField field, SpecYamlNode keyNode, SpecYamlNode valueNode, string? note)
    {
        var key = field.Key;
        if (note is null)
        {
            if (_fromFile.TryGetValue(key, out var first))
            {
                Error(At(keyNode, note), key, $"is given twice (first on line {first.Line})", "keep only one");
                return;
            }
            _fromFile[key] = keyNode;
        }

        var origin = At(valueNode, note);
        object? value;
        if (SpecValues.IsList(field.ClrType, out var element))
        {
            if (valueNode.IsNull)
            {
                value = SpecValues.MakeList(element, Array.Empty<object>());
            }
            else if (valueNode.Kind != SpecYamlNode.NodeKind.List)
            {
                var example = field.DefaultText != "[]" ? field.DefaultText : SpecValues.Example(field.ClrType);
                Error(origin, key, $"expects {Article(field.Type)}, not a {valueNode.KindName}",
                    $"write a list such as {key}: {example}");
                return;
            }
            else
            {
                var items = new List<object?>();
                bool ok = true;
                for (int i = 0; i < valueNode.Items.Count; i++)
                {
                    var item = valueNode.Items[i];
                    if (TryScalar(field, element, item, $"{key}[{i}]", At(item, note), out var v)) items.Add(v);
                    else ok = false;
                }
                if (!ok) return;
                value = SpecValues.MakeList(element, items);
            }
        }
        else if (!TryScalar(field, field.ClrType, valueNode, key, origin, out value))
        {
            return;
        }

        if (!Validate(field, value, origin)) return;
        _values[key] = value;
        _assigned.Add(key);
    }

    private bool TryScalar(SpecField field, Type type, SpecYamlNode node, string label, Origin origin, out object? value)
    {
        value = null;
        if (node.Kind != SpecYamlNode.NodeKind.Scalar)
        {
            var example = SpecValues.IsList(field.ClrType, out _) ? SpecValues.Example(type) : field.DefaultText;
            Error(origin, label, $"expects {Article(SpecValues.Describe(type))}, not a {node.KindName}",
                $"write a single value such as {label}: {example}");
            return false;
        }
        if (node.IsNull)
        {
            if (type == typeof(string))
            {
                value = "";
                return true;
            }
            Error(origin, label, "has no value", SpecValues.Hint(type));
            return false;
        }
        if (SpecValues.TryParse(type, node.Value, out value, out var problem)) return true;
        var fix = type.IsEnum
            ? SpecSuggest.NearestChoice(node.Value, SpecValues.EnumNames(type)) is { } near ? $"did you mean '{near}'?" : null
            : SpecValues.Hint(type);
        Error(origin, label, problem, fix);
        return false;
    }

    /// <summary>Checks choices and range (of each element for a list); reports and returns false when violated.</summary>
    private bool Validate(SpecField field, object? value, Origin origin)
    {
        if (SpecValues.IsList(field.ClrType, out var element))
        {
            if (value is not System.Collections.IEnumerable items) return true;
            bool ok = true;
            int i = 0;
            foreach (var item in items)
                ok &= ValidateOne(field, element, item, $"{field.Key}[{i++}]", origin);
            return ok;
        }
        return ValidateOne(field, field.ClrType, value, field.Key, origin);
    }

    private bool ValidateOne(SpecField field, Type type, object? value, string label, Origin origin)
    {
        if (value is string s && field.Choices is { Count: > 0 } choices && !choices.Contains(s, StringComparer.Ordinal))
        {
            var near = SpecSuggest.NearestChoice(s, choices);
            Error(origin, label, $"'{s}' is not one of: {string.Join(", ", choices)}",
                near is null ? null : $"did you mean '{near}'?");
            return false;
        }
        if (field.Range is { } range && SpecValues.TryGetNumber(value, out var number) && !SpecValues.InRange(number, range))
        {
            var help = field.Help.Length > 0 ? ": " + LowerFirst(field.Help) : "";
            Error(origin, label, SpecValues.RangeProblem(SpecValues.Format(type, value), range) + help, null);
            return false;
        }
        return true;
    }

    private void AddError(string line)
    {
        if (_errors.Count >= MaxListed) _unlisted++;
        else _errors.Add(line);
    }

    private void Error(Origin origin, string key, string problem, string? fix)
    {
        if (_errors.Count >= MaxListed)
        {
            _unlisted++;
            return;
        }
        var line = $"{origin.Where}: {key}: {(origin.Note.Length > 0 ? problem.TrimEnd('.') : problem)}{origin.Note}";
        if (fix is not null) line += "; " + fix;
        if (!line.EndsWith('.') && !line.EndsWith('?')) line += ".";
        AddError(line);
    }

    private Origin At(SpecYamlNode node, string? note) =>
        note is not null ? new Origin(_source, 0, 0, note) : new Origin(_source, node.Line, node.Column, "");

    /// <summary>A real assignment for examples, e.g. "optimizer.lr: 0.1" (the first number field and its default).</summary>
    private string ExampleAssignment()
    {
        var f = _model.Fields.FirstOrDefault(x => x.ClrType == typeof(double)) ?? (_model.Fields.Count > 0 ? _model.Fields[0] : null);
        return f is null ? "key: value" : $"{f.Key}: {f.DefaultText}";
    }

    private static string Sentence(string message)
    {
        var s = message.ReplaceLineEndings(" ").Trim();
        return s.EndsWith('.') ? s : s + ".";
    }

    private static string Article(string noun) => ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    private static string LowerFirst(string s) =>
        s.Length > 1 && char.IsUpper(s[0]) && char.IsLower(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>Where a value came from: "file:line:col" or just the source, plus a note such as " (from --set k=v)".</summary>
    private readonly record struct Origin(string Source, int Line, int Column, string Note)
    {
        public string Where => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
    }
}
