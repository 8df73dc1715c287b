using System.Diagnostics;
using Rewind.Data;

namespace Rewind.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly byte[] Payload = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Raw_idx_file_round_trips_shape_and_bytes()
    {
        string path = _files.Write("a-idx3-ubyte", IdxTestFiles.IdxBytes([2, 3, 4], Payload));

        IdxArray idx = IdxReader.Read(path);

        Assert.Equal([2, 3, 4], idx.Shape);
        Assert.Equal(Payload, idx.Data);
        Assert.Equal(2, idx.Count);
    }

    [Fact]
    public void Gzip_idx_file_round_trips_shape_and_bytes()
    {
        string path = _files.Write("a-idx3-ubyte.gz", IdxTestFiles.Gzip(IdxTestFiles.IdxBytes([2, 3, 4], Payload)));

        IdxArray idx = IdxReader.Read(path);

        Assert.Equal([2, 3, 4], idx.Shape);
        Assert.Equal(Payload, idx.Data);
    }

    [Fact]
    public void Gzip_is_detected_by_magic_not_by_file_name()
    {
        string gzipNamedPlain = _files.Write("plain.gz", IdxTestFiles.IdxBytes([3], [1, 2, 3]));
        string plainNamedGzip = _files.Write("packed.idx", IdxTestFiles.Gzip(IdxTestFiles.IdxBytes([3], [4, 5, 6])));

        Assert.Equal([1, 2, 3], IdxReader.Read(gzipNamedPlain).Data);
        Assert.Equal([4, 5, 6], IdxReader.Read(plainNamedGzip).Data);
    }

    [Fact]
    public void Rank_four_file_is_read()
    {
        byte[] payload = Enumerable.Range(0, 2 * 1 * 2 * 2).Select(i => (byte)i).ToArray();
        string path = _files.Write("r4", IdxTestFiles.IdxBytes([2, 1, 2, 2], payload));

        Assert.Equal([2, 1, 2, 2], IdxReader.Read(path).Shape);
    }

    [Fact]
    public void Truncated_idx_file_is_a_user_error_naming_the_file()
    {
        byte[] good = IdxTestFiles.IdxBytes([2, 3, 4], Payload);
        string path = _files.Write("truncated-idx3-ubyte", good[..^5]);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("Re-obtain", e.Message);
    }

    [Fact]
    public void Truncated_gzip_idx_file_is_a_user_error_naming_the_file()
    {
        byte[] good = IdxTestFiles.IdxBytes([2, 3, 4], Payload);
        string path = _files.Write("truncated.gz", IdxTestFiles.Gzip(good[..^5]));

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Cut_off_gzip_stream_is_a_user_error_naming_the_file()
    {
        byte[] gz = IdxTestFiles.Gzip(IdxTestFiles.IdxBytes([2, 3, 4], Payload));
        string path = _files.Write("cut.gz", gz[..(gz.Length / 2)]);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Header_cut_inside_the_dimensions_is_a_user_error_naming_the_file()
    {
        string path = _files.Write("short-header", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0]);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void Trailing_bytes_after_the_payload_are_a_user_error_naming_the_file()
    {
        byte[] good = IdxTestFiles.IdxBytes([2, 3, 4], Payload);
        string path = _files.Write("long-idx3-ubyte", [.. good, 0, 0, 0]);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("3 trailing bytes", e.Message);
    }

    [Fact]
    public void Trailing_bytes_inside_a_gzip_stream_are_a_user_error_naming_the_file()
    {
        byte[] good = IdxTestFiles.IdxBytes([2, 3, 4], Payload);
        string path = _files.Write("long.gz", IdxTestFiles.Gzip([.. good, 1]));

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("trailing bytes", e.Message);
    }

    [Fact]
    public void Wrong_magic_is_a_user_error_naming_the_file()
    {
        byte[] bytes = IdxTestFiles.IdxBytes([2, 3, 4], Payload);
        bytes[0] = 0x50; // e.g. a PNG or an HTML error page saved under the IDX name
        string path = _files.Write("wrong-magic", bytes);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Theory]
    [InlineData(0x0D, "type")] // float32 IDX: valid format, unsupported element type
    [InlineData(0x08, "rank")] // rank 0
    public void Unsupported_type_or_rank_is_a_user_error_naming_the_file(byte type, string word)
    {
        byte[] bytes = type == 0x08 ? [0, 0, 0x08, 0] : [0, 0, type, 1, 0, 0, 0, 1, 0, 0, 0, 0];
        string path = _files.Write("odd", bytes);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(word, e.Message);
    }

    [Fact]
    public void Zero_dimension_is_a_user_error_naming_the_file()
    {
        string path = _files.Write("zero", IdxTestFiles.IdxBytes([0, 3], []));

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("positive", e.Message);
    }

    [Fact]
    public void Garbage_gzip_stream_is_a_user_error_naming_the_file()
    {
        var random = new Random(7);
        byte[] bytes = new byte[200];
        random.NextBytes(bytes);
        bytes[0] = 0x1f;
        bytes[1] = 0x8b;
        bytes[2] = 0x08; // deflate method, so the failure is in the stream itself
        bytes[3] = 0x00;
        string path = _files.Write("garbage.gz", bytes);

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Missing_file_is_a_user_error_naming_the_file()
    {
        string path = _files.PathOf("nope-idx1-ubyte");

        var e = Assert.Throws<RewindUserException>(() => IdxReader.Read(path));

        Assert.Contains(path, e.Message);
    }

}
