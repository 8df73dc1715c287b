using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Rewind.Specs;

/// <summary>
/// A YAML node with its position, read from YamlDotNet's event parser. Unlike YamlDotNet's representation model it
/// keeps duplicate mapping keys, so the binder can report them together with every other error.
/// </summary>
internal sealed class SpecYamlNode
{
    private SpecYamlNode(NodeKind kind, Mark start)
        : this(kind, (int)start.Line, (int)start.Column)
    {
    }

    private SpecYamlNode(NodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    /// <summary>Scalar, list or mapping.</summary>
    public NodeKind Kind { get; }

    /// <summary>1-based line; 0 when the node did not come from a file.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>The text of a scalar.</summary>
    public string Value { get; private init; } = "";

    /// <summary>True for an unquoted scalar.</summary>
    public bool IsPlain { get; private init; }

    /// <summary>Items of a list.</summary>
    public List<SpecYamlNode> Items { get; } = [];

    /// <summary>Entries of a mapping, duplicates kept, in order.</summary>
    public List<KeyValuePair<SpecYamlNode, SpecYamlNode>> Entries { get; } = [];

    /// <summary>An unquoted empty, <c>~</c> or <c>null</c> scalar.</summary>
    public bool IsNull => Kind == NodeKind.Scalar && IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>"value", "list" or "mapping", for messages.</summary>
    public string KindName => Kind switch
    {
        NodeKind.Scalar => "single value",
        NodeKind.List => "list",
        _ => "mapping",
    };

    /// <summary>A plain scalar that did not come from a file (a <c>--set</c> value).</summary>
    public static SpecYamlNode PlainScalar(string text) =>
        new(NodeKind.Scalar, 0, 0) { Value = text, IsPlain = true };

    /// <summary>Parses YAML text into its documents' root nodes; throws <see cref="YamlException"/> on bad syntax.</summary>
    public static List<SpecYamlNode> Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, SpecYamlNode>(StringComparer.Ordinal);
        var documents = new List<SpecYamlNode>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents.Add(Read(parser, anchors));
            parser.Consume<DocumentEnd>();
        }
        parser.Consume<StreamEnd>();
        return documents;
    }

    private static SpecYamlNode Read(IParser parser, Dictionary<string, SpecYamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"Alias *{alias.Value.Value} names no anchor.");
        }

        SpecYamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new SpecYamlNode(NodeKind.Scalar, scalar.Start)
            {
                Value = scalar.Value,
                IsPlain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
            };
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var seq))
        {
            node = new SpecYamlNode(NodeKind.List, seq.Start);
            anchor = seq.Anchor;
            while (!parser.TryConsume<SequenceEnd>(out _)) node.Items.Add(Read(parser, anchors));
        }
        else
        {
            var map = parser.Consume<MappingStart>();
            node = new SpecYamlNode(NodeKind.Mapping, map.Start);
            anchor = map.Anchor;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = Read(parser, anchors);
                var value = Read(parser, anchors);
                node.Entries.Add(new(key, value));
            }
        }
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        return node;
    }

    /// <summary>The shape of a node.</summary>
    internal enum NodeKind
    {
        /// <summary>A single value.</summary>
        Scalar,
        /// <summary>A sequence.</summary>
        List,
        /// <summary>A mapping.</summary>
        Mapping,
    }
}
