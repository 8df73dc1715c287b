using Google.Protobuf;

namespace Rewind.Export;

/// <summary>
/// The few messages of <c>onnx.proto</c> (ONNX IR, github.com/onnx/onnx, <c>onnx/onnx.proto</c>) an inference graph
/// needs, encoded with Google.Protobuf's <see cref="CodedOutputStream"/>: ModelProto, GraphProto, NodeProto,
/// AttributeProto, TensorProto, ValueInfoProto (tensor types with symbolic dimensions) and OperatorSetIdProto. Field
/// numbers are the spec's; no protoc-generated code is needed.
/// </summary>
public static class OnnxProto
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int Float = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64 = 7;

    /// <summary>A protobuf message under construction: fields in the order they are added.</summary>
    public sealed class Message
    {
        private readonly MemoryStream _buffer = new();
        private readonly CodedOutputStream _out;

        /// <summary>An empty message.</summary>
        public Message() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

        /// <summary>Adds a varint field (int64, int32, enum).</summary>
        public Message Varint(int field, long value)
        {
            _out.WriteTag(field, WireFormat.WireType.Varint);
            _out.WriteInt64(value);
            return this;
        }

        /// <summary>Adds a float field.</summary>
        public Message Float32(int field, float value)
        {
            _out.WriteTag(field, WireFormat.WireType.Fixed32);
            _out.WriteFloat(value);
            return this;
        }

        /// <summary>Adds a string field (UTF-8).</summary>
        public Message Text(int field, string value)
        {
            _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _out.WriteString(value);
            return this;
        }

        /// <summary>Adds a bytes field.</summary>
        public Message Bytes(int field, ReadOnlySpan<byte> value)
        {
            _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _out.WriteBytes(ByteString.CopyFrom(value));
            return this;
        }

        /// <summary>Adds a nested message.</summary>
        public Message Nested(int field, Message value)
        {
            ArgumentNullException.ThrowIfNull(value);
            return Bytes(field, value.ToByteArray());
        }

        /// <summary>The encoded message.</summary>
        public byte[] ToByteArray()
        {
            _out.Flush();
            return _buffer.ToArray();
        }
    }

    /// <summary>ModelProto: IR version, one opset import of the default domain, producer, graph.</summary>
    public static Message Model(long irVersion, long opset, string producer, string producerVersion, Message graph,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var m = new Message()
            .Varint(1, irVersion)
            .Text(2, producer)
            .Text(3, producerVersion)
            .Nested(7, graph)
            .Nested(8, new Message().Text(1, "").Varint(2, opset));
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            m.Nested(14, new Message().Text(1, k).Text(2, v));
        return m;
    }

    /// <summary>GraphProto: nodes, name, initializers, inputs and outputs.</summary>
    public static Message Graph(string name, IEnumerable<Message> nodes, IEnumerable<Message> initializers,
        IEnumerable<Message> inputs, IEnumerable<Message> outputs)
    {
        var g = new Message();
        foreach (var n in nodes) g.Nested(1, n);
        g.Text(2, name);
        foreach (var t in initializers) g.Nested(5, t);
        foreach (var i in inputs) g.Nested(11, i);
        foreach (var o in outputs) g.Nested(12, o);
        return g;
    }

    /// <summary>NodeProto: inputs, outputs, name, operator type, attributes.</summary>
    public static Message Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string name,
        params Message[] attributes)
    {
        var n = new Message();
        foreach (var i in inputs) n.Text(1, i);
        foreach (var o in outputs) n.Text(2, o);
        n.Text(3, name).Text(4, opType);
        foreach (var a in attributes) n.Nested(5, a);
        return n;
    }

    /// <summary>AttributeProto of type INT.</summary>
    public static Message IntAttribute(string name, long value) =>
        new Message().Text(1, name).Varint(3, value).Varint(20, 2);

    /// <summary>AttributeProto of type FLOAT.</summary>
    public static Message FloatAttribute(string name, float value) =>
        new Message().Text(1, name).Float32(2, value).Varint(20, 1);

    /// <summary>AttributeProto of type INTS.</summary>
    public static Message IntsAttribute(string name, IEnumerable<long> values)
    {
        var a = new Message().Text(1, name);
        foreach (var v in values) a.Varint(8, v);
        return a.Varint(20, 7);
    }

    /// <summary>TensorProto of float32 values stored as little-endian raw data.</summary>
    public static Message FloatTensor(string name, IReadOnlyList<long> dims, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = new Message();
        foreach (var d in dims) t.Varint(1, d);
        t.Varint(2, Float).Text(8, name);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        return t.Bytes(9, bytes);
    }

    /// <summary>TensorProto of int64 values.</summary>
    public static Message Int64Tensor(string name, IReadOnlyList<long> dims, IEnumerable<long> values)
    {
        var t = new Message();
        foreach (var d in dims) t.Varint(1, d);
        t.Varint(2, Int64);
        foreach (var v in values) t.Varint(7, v);
        return t.Text(8, name);
    }

    /// <summary>ValueInfoProto of a float tensor whose dimensions are numbers or symbolic names (a dynamic batch).</summary>
    public static Message FloatValueInfo(string name, IEnumerable<object> dims)
    {
        var shape = new Message();
        foreach (var d in dims)
        {
            var dim = d switch
            {
                string symbol => new Message().Text(2, symbol),
                long n => new Message().Varint(1, n),
                int n => new Message().Varint(1, n),
                _ => throw new ArgumentException($"dimension {d} is neither a number nor a name", nameof(dims)),
            };
            shape.Nested(1, dim);
        }
        var tensorType = new Message().Varint(1, Float).Nested(2, shape);
        return new Message().Text(1, name).Nested(2, new Message().Nested(1, tensorType));
    }
}
