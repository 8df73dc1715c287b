using System.IO.Compression;

namespace Rewind.Data;

/// <summary>Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed.</summary>
/// <remarks>
/// Layout: two zero bytes, a type code (only 0x08 = unsigned byte is supported), the rank (1..4), then one
/// big-endian int32 per dimension, then the payload. Compression is detected by the gzip magic (1f 8b), not by the
/// file name. Every defect (wrong magic, truncation, trailing bytes, corrupt gzip) is a <see cref="RewindUserException"/>
/// naming the file.
/// </remarks>
public static class IdxReader
{
    /// <summary>The IDX type code of unsigned bytes, the only element type Rewind reads.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>The largest rank accepted.</summary>
    public const int MaxRank = 4;

    /// <summary>Reads the IDX file at <paramref name="path"/>, decompressing it when it starts with the gzip magic.</summary>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RewindUserException(
                $"IDX file '{path}' does not exist. Check the data folder (--data DIR / data.dir) or re-obtain the dataset " +
                "(see `rewind data get <name>`).");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> magic = stackalloc byte[2];
            int got = ReadUpTo(file, magic);
            file.Position = 0;
            if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                using var buffered = new BufferedStream(gzip, 1 << 16);
                return ReadFrom(buffered, path, compressed: true, knownLength: null);
            }

            return ReadFrom(file, path, compressed: false, knownLength: file.Length);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, $"its gzip stream is corrupt ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            throw Corrupt(path, "its gzip stream ends early (the download or copy was cut short)", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new RewindUserException($"IDX file '{path}' could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new RewindUserException(
                $"IDX file '{path}' could not be read: permission denied. Make it readable (chmod a+r) or copy it elsewhere.", e);
        }
    }

    private static IdxArray ReadFrom(Stream stream, string path, bool compressed, long? knownLength)
    {
        string what = compressed ? "gzip-compressed IDX file" : "IDX file";
        Span<byte> header = stackalloc byte[4];
        if (ReadUpTo(stream, header) < 4)
        {
            throw Corrupt(path, $"it is too short to be an {what} (under 4 bytes of header)");
        }

        if (header[0] != 0 || header[1] != 0)
        {
            throw Corrupt(path,
                $"its magic number {header[0]:x2} {header[1]:x2} {header[2]:x2} {header[3]:x2} is not an IDX magic " +
                "(expected 00 00 <type> <rank>)");
        }

        if (header[2] != UnsignedByteType)
        {
            throw Corrupt(path,
                $"its element type code is 0x{header[2]:x2}; Rewind reads only unsigned-byte IDX files (type 0x08)");
        }

        int rank = header[3];
        if (rank < 1 || rank > MaxRank)
        {
            throw Corrupt(path, $"its rank is {rank}; IDX files here have rank 1..{MaxRank}");
        }

        Span<byte> dimBytes = stackalloc byte[4 * MaxRank];
        dimBytes = dimBytes[..(4 * rank)];
        if (ReadUpTo(stream, dimBytes) < dimBytes.Length)
        {
            throw Corrupt(path, $"it ends inside its header (expected {rank} dimension sizes)");
        }

        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(dimBytes.Slice(4 * i, 4));
            if (shape[i] <= 0)
            {
                throw Corrupt(path, $"dimension {i} has size {shape[i]}; sizes must be positive");
            }

            count *= shape[i];
            if (count > Array.MaxLength)
            {
                throw Corrupt(path, $"its dimensions [{string.Join(", ", shape[..(i + 1)])}, ...] describe more than {Array.MaxLength} bytes");
            }
        }

        long headerLength = 4 + 4L * rank;
        if (knownLength is long total && total - headerLength != count)
        {
            string problem = total - headerLength < count
                ? $"it is truncated: its header [{string.Join(", ", shape)}] announces {count} payload bytes but only {total - headerLength} follow"
                : $"it has {total - headerLength - count} trailing bytes after the {count} payload bytes its header [{string.Join(", ", shape)}] announces";
            throw Corrupt(path, problem);
        }

        var data = new byte[count];
        int read = ReadUpTo(stream, data);
        if (read < count)
        {
            throw Corrupt(path,
                $"it is truncated: its header [{string.Join(", ", shape)}] announces {count} payload bytes but only {read} follow");
        }

        if (compressed)
        {
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
            {
                throw Corrupt(path,
                    $"it has trailing bytes after the {count} payload bytes its header [{string.Join(", ", shape)}] announces");
            }
        }

        return new IdxArray(shape, data);
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream allows; returns the bytes read.</summary>
    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static RewindUserException Corrupt(string path, string problem, Exception? inner = null)
    {
        string message = $"IDX file '{path}' is not usable: {problem}. Re-obtain the file (delete it and copy or install " +
                         "the dataset again, e.g. `rewind data get <name>`).";
        return inner is null ? new RewindUserException(message) : new RewindUserException(message, inner);
    }
}
