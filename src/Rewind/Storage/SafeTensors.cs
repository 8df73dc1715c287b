using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Storage;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw little-endian
/// data): named tensors plus a string→string metadata map. Files load directly in PyTorch
/// (<c>safetensors.torch.load_file</c>). Writes are atomic (temporary file, then rename). Every file Rewind writes
/// carries a SHA-256 checksum of its content in the metadata (<see cref="ChecksumKey"/>), verified on every read; a
/// file without one (written by an older Rewind or another tool) is read unchecked.
/// </summary>
public static class SafeTensors
{
    /// <summary>Metadata key holding <c>sha256:&lt;hex&gt;</c> of the metadata, the tensor table and the data.</summary>
    public const string ChecksumKey = "checksum";

    private static readonly (ScalarType Type, string Code, int Size)[] Types =
    [
        (ScalarType.Float32, "F32", 4), (ScalarType.Float64, "F64", 8), (ScalarType.Int64, "I64", 8),
        (ScalarType.Int32, "I32", 4), (ScalarType.Byte, "U8", 1), (ScalarType.Bool, "BOOL", 1),
        (ScalarType.Float16, "F16", 2), (ScalarType.BFloat16, "BF16", 2),
    ];

    /// <summary>Writes <paramref name="tensors"/> (copied to CPU, contiguous) and <paramref name="metadata"/> to <paramref name="path"/>, with a checksum.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            if (k != ChecksumKey) meta[k] = v;
        long offset = 0;
        var blobs = new List<byte[]>(list.Count);
        var entries = new List<SafeTensorsEntry>(list.Count);
        foreach (var (name, t) in list)
        {
            var (_, code, size) = Types.FirstOrDefault(x => x.Type == t.dtype);
            if (code is null) throw new NotSupportedException($"safetensors: dtype {t.dtype} of '{name}' is not supported");
            using var temporaries = torch.NewDisposeScope(); // detach() and cpu() stay alive while contiguous() reads them
            var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            blobs.Add(bytes);
            entries.Add(new SafeTensorsEntry(name, code, t.shape.ToArray(), offset, offset + bytes.Length));
            offset += bytes.Length;
        }
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            AppendCanonical(hash, meta, entries);
            foreach (var b in blobs) hash.AppendData(b);
            meta[ChecksumKey] = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var header = new JsonObject();
        var metaNode = new JsonObject();
        foreach (var (k, v) in meta) metaNode[k] = v;
        header["__metadata__"] = metaNode;
        foreach (var e in entries)
        {
            header[e.Name] = new JsonObject
            {
                ["dtype"] = e.DType,
                ["shape"] = new JsonArray(e.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(e.Begin, e.End),
            };
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
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

    /// <summary>
    /// Loads every tensor (on the CPU) and the metadata from <paramref name="path"/>, after checking the file's checksum
    /// when it has one (<see cref="IsChecked"/> tells the caller whether it had).
    /// </summary>
    /// <exception cref="RewindUserException">The file is unreadable, malformed, or its content does not match its checksum.</exception>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        var file = Read(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in file.Entries)
        {
            var (type, _, _) = Types.First(x => x.Code == e.DType);
            var t = empty(e.Shape, type);
            if (e.End > e.Begin) t.bytes = file.Writable(e);
            tensors[e.Name] = t;
        }
        return (tensors, new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="metadata"/> (as returned by <see cref="Load"/>) carried a checksum, which was then verified.</summary>
    public static bool IsChecked(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.ContainsKey(ChecksumKey);
    }

    /// <summary>
    /// Reads and checks <paramref name="path"/> without creating tensors: its header, its raw data and whether its
    /// checksum was verified (for integrity scans of a whole run directory).
    /// </summary>
    /// <exception cref="RewindUserException">The file is unreadable, malformed, or its content does not match its checksum.</exception>
    public static SafeTensorsFile Read(string path)
    {
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (FileNotFoundException e) { throw new RewindUserException($"{path}: missing ({e.Message}).", e); }
        catch (DirectoryNotFoundException e) { throw new RewindUserException($"{path}: missing ({e.Message}).", e); }
        catch (UnauthorizedAccessException e) { throw new RewindUserException($"{path}: cannot read ({e.Message}).", e); }
        catch (IOException e) { throw new RewindUserException($"{path}: cannot read ({e.Message}).", e); }
        if (all.Length < 8) throw Corrupt(path, "shorter than its 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (n > (ulong)(all.Length - 8)) throw Corrupt(path, "header length beyond the end of the file");
        JsonObject header;
        try { header = JsonNode.Parse(all.AsSpan(8, (int)n))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw Corrupt(path, $"bad header: {e.Message}");
        }
        long dataStart = 8 + (long)n;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<SafeTensorsEntry>();
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
                var (_, _, size) = Types.FirstOrDefault(x => x.Code == code);
                if (size == 0) throw Corrupt(path, $"tensor '{name}' has unsupported dtype {code}");
                long[] shape = o["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                var offs = o["data_offsets"]!.AsArray();
                long begin = offs[0]!.GetValue<long>(), end = offs[1]!.GetValue<long>();
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (shape.Any(d => d < 0) || end - begin != count * size || dataStart + end > all.Length || begin < 0)
                    throw Corrupt(path, $"tensor '{name}' points outside the file or has the wrong size");
                entries.Add(new SafeTensorsEntry(name, code, shape, begin, end));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or OverflowException)
        {
            throw Corrupt(path, e.Message);
        }

        bool isChecked = meta.TryGetValue(ChecksumKey, out var recorded);
        if (isChecked)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            AppendCanonical(hash, meta, entries);
            hash.AppendData(all, (int)dataStart, all.Length - (int)dataStart);
            var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, recorded, StringComparison.Ordinal))
                throw Corrupt(path, "its content does not match the checksum recorded when it was written: the file was damaged or changed afterwards");
        }
        return new SafeTensorsFile(path, meta, entries, all, dataStart, isChecked);
    }

    /// <summary>
    /// The canonical form the checksum covers: every metadata entry but the checksum (ordinal key order), then every
    /// tensor's name, dtype, shape and offsets (ordinal name order); the caller appends the data section.
    /// </summary>
    private static void AppendCanonical(IncrementalHash hash, IReadOnlyDictionary<string, string> meta, IReadOnlyList<SafeTensorsEntry> entries)
    {
        var sb = new StringBuilder("rewind-safetensors-checksum-v1\n");
        foreach (var (k, v) in meta.Where(kv => kv.Key != ChecksumKey).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append(k).Append('\0').Append(v).Append('\0');
        sb.Append('\n');
        foreach (var e in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            sb.Append(e.Name).Append('\0').Append(e.DType).Append('\0')
                .Append(string.Join(",", e.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))).Append('\0')
                .Append(e.Begin.ToString(CultureInfo.InvariantCulture)).Append('\0')
                .Append(e.End.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        hash.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static RewindUserException Corrupt(string path, string what) =>
        new($"{path}: corrupt safetensors file ({what}).");
}
