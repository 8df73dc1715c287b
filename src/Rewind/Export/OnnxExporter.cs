using System.Globalization;
using Rewind.Storage;

namespace Rewind.Export;

/// <summary>
/// Writes a <see cref="NetworkGraph"/> as an ONNX model (opset 17, IR version 8) that ONNX Runtime and every other
/// ONNX consumer can run: input <see cref="InputName"/> of shape [batch, …example shape] and output
/// <see cref="OutputName"/> [batch, classes], the batch dimension symbolic (<see cref="BatchDimension"/>). Layers map
/// to Gemm, Conv, BatchNormalization (kept, not folded: the stored running statistics are used as they are), Relu,
/// MaxPool, GlobalAveragePool, Flatten, Add, Gather (the input features a compacted MLP keeps); the option-A shortcut to Slice + Pad. Initializers carry the layers'
/// names (<c>fc1.weight</c>, <c>layer1.0.bn1.running_mean</c>).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The opset the graph is written for.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version matching <see cref="Opset"/>.</summary>
    public const int IrVersion = 8;

    /// <summary>Name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "logits";

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The encoded ONNX model of <paramref name="graph"/>.</summary>
    public static byte[] ToBytes(NetworkGraph graph, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var w = new Writer();
        string x = w.Ops(graph.Ops, InputName);
        w.Nodes.Add(OnnxProto.Node("Identity", [x], [OutputName], "output"));
        var input = OnnxProto.FloatValueInfo(InputName, new object[] { BatchDimension }.Concat(graph.InputShape.Cast<object>()));
        var output = OnnxProto.FloatValueInfo(OutputName, [BatchDimension, (long)graph.Classes]);
        var g = OnnxProto.Graph(graph.Model, w.Nodes, w.Initializers, [input], [output]);
        var version = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";
        return OnnxProto.Model(IrVersion, Opset, "Rewind", version, g, metadata).ToByteArray();
    }

    /// <summary>Writes the ONNX model of <paramref name="graph"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(NetworkGraph graph, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = ToBytes(graph, metadata);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    private sealed class Writer
    {
        private int _next;

        public List<OnnxProto.Message> Nodes { get; } = [];
        public List<OnnxProto.Message> Initializers { get; } = [];

        public string Ops(IReadOnlyList<GraphOp> ops, string x)
        {
            foreach (var op in ops) x = Op(op, x);
            return x;
        }

        private string Op(GraphOp op, string x) => op switch
        {
            LinearOp l => Node("Gemm", Inputs(x, Init(l.Name + ".weight", l.Weight), l.Bias is null ? null : Init(l.Name + ".bias", l.Bias)),
                l.Name, OnnxProto.IntAttribute("transB", 1)),
            ConvOp c => Node("Conv", Inputs(x, Init(c.Name + ".weight", c.Weight), c.Bias is null ? null : Init(c.Name + ".bias", c.Bias)), c.Name,
                OnnxProto.IntsAttribute("kernel_shape", [c.Weight.Shape[2], c.Weight.Shape[3]]),
                OnnxProto.IntsAttribute("strides", [c.Stride, c.Stride]),
                OnnxProto.IntsAttribute("pads", [c.Padding, c.Padding, c.Padding, c.Padding])),
            BatchNormOp b => Node("BatchNormalization",
                [x, Init(b.Name + ".weight", b.Scale), Init(b.Name + ".bias", b.Shift), Init(b.Name + ".running_mean", b.Mean),
                 Init(b.Name + ".running_var", b.Var)], b.Name, OnnxProto.FloatAttribute("epsilon", (float)b.Eps)),
            ReluOp => Node("Relu", [x], "relu"),
            MaxPoolOp m => Node("MaxPool", [x], "maxpool",
                OnnxProto.IntsAttribute("kernel_shape", [m.Kernel, m.Kernel]), OnnxProto.IntsAttribute("strides", [m.Stride, m.Stride])),
            GlobalAvgPoolOp => Node("GlobalAveragePool", [x], "avgpool"),
            FlattenOp => Node("Flatten", [x], "flatten", OnnxProto.IntAttribute("axis", 1)),
            InputSelectOp s => Node("Gather", [x, Const("input.kept_features", s.Indices)], "input_select", OnnxProto.IntAttribute("axis", 1)),
            ResidualOp r => Residual(r, x),
            _ => throw new NotSupportedException(op.GetType().Name),
        };

        private string Residual(ResidualOp r, string x)
        {
            string body = Ops(r.Body, x);
            string shortcut = x;
            if (r.Projection.Count > 0) shortcut = Ops(r.Projection, x);
            else if (r.ZeroPad is { } p)
            {
                string starts = Const(r.Name + ".shortcut.starts", [0, 0]);
                string ends = Const(r.Name + ".shortcut.ends", [long.MaxValue, long.MaxValue]);
                string axes = Const(r.Name + ".shortcut.axes", [2, 3]);
                string steps = Const(r.Name + ".shortcut.steps", [p.Stride, p.Stride]);
                string sliced = Node("Slice", [x, starts, ends, axes, steps], r.Name + ".shortcut.slice");
                string pads = Const(r.Name + ".shortcut.pads", [0, p.Before, 0, 0, 0, p.After, 0, 0]);
                shortcut = Node("Pad", [sliced, pads], r.Name + ".shortcut.pad");
            }
            string sum = Node("Add", [body, shortcut], r.Name + ".add");
            return Node("Relu", [sum], r.Name + ".relu");
        }

        private static string[] Inputs(string x, string w, string? b) => b is null ? [x, w] : [x, w, b];

        private string Node(string type, string[] inputs, string name, params OnnxProto.Message[] attributes)
        {
            string output = "t" + (_next++).ToString(CultureInfo.InvariantCulture);
            Nodes.Add(OnnxProto.Node(type, inputs, [output], $"{name}:{output}", attributes));
            return output;
        }

        private string Init(string name, GraphTensor t)
        {
            Initializers.Add(OnnxProto.FloatTensor(name, t.Shape, t.Data));
            return name;
        }

        private string Const(string name, long[] values)
        {
            Initializers.Add(OnnxProto.Int64Tensor(name, [values.Length], values));
            return name;
        }
    }
}
