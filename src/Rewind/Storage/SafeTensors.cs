using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Storage;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw little-endian
/// data): named tensors plus a string→string metadata map. Files load directly in PyTorch
/// (<c>safetensors.torch.load_file</c>). Writes are atomic (temporary file, then rename).
/// </summary>
public static class SafeTensors
{
    private static readonly (ScalarType Type, string Code, int Size)[] Types =
    [
        (ScalarType.Float32, "F32", 4), (ScalarType.Float64, "F64", 8), (ScalarType.Int64, "I64", 8),
        (ScalarType.Int32, "I32", 4), (ScalarType.Byte, "U8", 1), (ScalarType.Bool, "BOOL", 1),
        (ScalarType.Float16, "F16", 2), (ScalarType.BFloat16, "BF16", 2),
    ];

    /// <summary>Writes <paramref name="tensors"/> (copied to CPU, contiguous) and <paramref name="metadata"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        var blobs = new List<byte[]>(list.Count);
        foreach (var (name, t) in list)
        {
            var (_, code, size) = Types.FirstOrDefault(x => x.Type == t.dtype);
            if (code is null) throw new NotSupportedException($"safetensors: dtype {t.dtype} of '{name}' is not supported");
            using var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            blobs.Add(bytes);
            header[name] = new JsonObject
            {
                ["dtype"] = code,
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
        }
        var headerBytes = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        int pad = (8 - headerBytes.Length % 8) % 8; // align data to 8 bytes, padding with spaces as the spec allows
        var fullHeader = new byte[headerBytes.Length + pad];
        headerBytes.CopyTo(fullHeader, 0);
        for (int i = headerBytes.Length; i < fullHeader.Length; i++) fullHeader[i] = (byte)' ';
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)fullHeader.Length);
            stream.Write(len);
            stream.Write(fullHeader);
            foreach (var b in blobs) stream.Write(b);
        });
    }

    /// <summary>Loads every tensor (on the CPU) and the metadata from <paramref name="path"/>.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (IOException e) { throw new RewindUserException($"{path}: cannot read ({e.Message}).", e); }
        if (all.Length < 8) throw Corrupt(path, "shorter than its 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (n > (ulong)(all.Length - 8)) throw Corrupt(path, "header length beyond the end of the file");
        JsonObject header;
        try { header = JsonNode.Parse(all.AsSpan(8, (int)n))!.AsObject(); }
        catch (JsonException e) { throw new RewindUserException($"{path}: not a safetensors file (bad header: {e.Message}).", e); }
        long dataStart = 8 + (long)n;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    foreach (var (k, v) in node!.AsObject()) meta[k] = v!.GetValue<string>();
                    continue;
                }
                var o = node!.AsObject();
                string code = o["dtype"]!.GetValue<string>();
                var (type, _, size) = Types.FirstOrDefault(x => x.Code == code);
                if (size == 0) throw Corrupt(path, $"tensor '{name}' has unsupported dtype {code}");
                long[] shape = o["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                var offs = o["data_offsets"]!.AsArray();
                long begin = offs[0]!.GetValue<long>(), end = offs[1]!.GetValue<long>();
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (end - begin != count * size || dataStart + end > all.Length || begin < 0)
                    throw Corrupt(path, $"tensor '{name}' points outside the file or has the wrong size");
                var t = empty(shape, type);
                if (count > 0) t.bytes = all.AsSpan((int)(dataStart + begin), (int)(end - begin));
                tensors[name] = t;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw Corrupt(path, e.Message);
        }
        return (tensors, meta);
    }

    private static RewindUserException Corrupt(string path, string what) =>
        new($"{path}: corrupt safetensors file ({what}). Delete it and re-run (a run resumes from its last good checkpoint).");
}
