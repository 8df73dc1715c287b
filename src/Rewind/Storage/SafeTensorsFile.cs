namespace Rewind.Storage;

/// <summary>
/// A safetensors file read into memory and checked (<see cref="SafeTensors.Read"/>): its metadata, its tensor table
/// and the raw bytes of each tensor, without creating tensors — what an integrity scan of a run directory needs.
/// </summary>
public sealed class SafeTensorsFile
{
    private readonly byte[] _bytes;
    private readonly long _dataStart;

    internal SafeTensorsFile(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensorsEntry> entries,
        byte[] bytes, long dataStart, bool isChecked)
    {
        Path = path;
        Metadata = metadata;
        Entries = entries;
        _bytes = bytes;
        _dataStart = dataStart;
        IsChecked = isChecked;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The string metadata (the checksum included, when present).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors, in file order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>True when the file carried a checksum and it matched; false for a file written without one.</summary>
    public bool IsChecked { get; }

    /// <summary>The raw little-endian bytes of <paramref name="entry"/>.</summary>
    public ReadOnlyMemory<byte> Data(SafeTensorsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _bytes.AsMemory((int)(_dataStart + entry.Begin), (int)(entry.End - entry.Begin));
    }

    /// <summary>The bytes of <paramref name="entry"/> in the file's own buffer (for copying into a tensor).</summary>
    internal Span<byte> Writable(SafeTensorsEntry entry) =>
        _bytes.AsSpan((int)(_dataStart + entry.Begin), (int)(entry.End - entry.Begin));
}

/// <summary>One tensor of a safetensors file: name, dtype code (F32, U8, ...), shape and byte offsets in the data section.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="DType">The safetensors dtype code.</param>
/// <param name="Shape">The shape.</param>
/// <param name="Begin">First byte in the data section.</param>
/// <param name="End">One past the last byte.</param>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End);
