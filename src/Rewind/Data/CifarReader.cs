using System.Globalization;

namespace Rewind.Data;

/// <summary>
/// Reads the "binary version" of CIFAR-10 and CIFAR-100: files of fixed-size records, each a label part followed by
/// one 32×32 colour image as 3072 bytes (channel-major: red, green, blue planes). CIFAR-10 records have one label
/// byte (3073 bytes); CIFAR-100 records have a coarse and a fine label byte (3074 bytes), of which the fine one is used.
/// Every defect is a <see cref="RewindUserException"/> naming the file.
/// </summary>
public static class CifarReader
{
    /// <summary>Channels of a CIFAR image.</summary>
    public const int Channels = 3;

    /// <summary>Height and width of a CIFAR image.</summary>
    public const int Size = 32;

    /// <summary>Bytes of one image (3 × 32 × 32).</summary>
    public const int ImageBytes = Channels * Size * Size;

    /// <summary>Reads one file whose records have <paramref name="labelBytes"/> label bytes, taking the label at
    /// <paramref name="labelIndex"/> (0 for CIFAR-10; 1, the fine label, for CIFAR-100) and checking it is below
    /// <paramref name="numClasses"/>.</summary>
    /// <exception cref="RewindUserException">The file is missing, unreadable, empty, not a whole number of records
    /// (truncated or another format), or holds a label out of range.</exception>
    public static CifarRecords Read(string path, int labelBytes, int labelIndex, int numClasses) =>
        ReadAll([path], labelBytes, labelIndex, numClasses);

    /// <summary>Reads several files of the same format and concatenates them in the given order (one pixel buffer,
    /// filled file by file, so the peak memory is the result plus one file).</summary>
    /// <exception cref="RewindUserException">Any file is defective (see <see cref="Read"/>).</exception>
    public static CifarRecords ReadAll(IReadOnlyList<string> paths, int labelBytes, int labelIndex, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentOutOfRangeException.ThrowIfLessThan(labelBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(labelIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(labelIndex, labelBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);

        int record = labelBytes + ImageBytes;
        var counts = paths.Select(p => RecordCount(p, record, labelBytes)).ToArray();
        long total = counts.Sum(c => (long)c);
        if (total * ImageBytes > Array.MaxLength)
            throw new RewindUserException($"CIFAR files {string.Join(", ", paths)} hold {total} images, more than one buffer can take.");

        var pixels = new byte[total * ImageBytes];
        var labels = new byte[total];
        int at = 0;
        for (int f = 0; f < paths.Count; f++)
        {
            byte[] bytes = ReadBytes(paths[f]);
            if (bytes.Length != (long)counts[f] * record)
                throw new RewindUserException($"CIFAR file '{paths[f]}' changed size while it was read; read it again.");
            for (int i = 0; i < counts[f]; i++, at++)
            {
                int offset = i * record;
                byte label = bytes[offset + labelIndex];
                if (label >= numClasses)
                {
                    throw new RewindUserException(
                        $"CIFAR file '{paths[f]}' has label {label} in record {i}, outside 0..{numClasses - 1}. The file is " +
                        "damaged or belongs to the other CIFAR dataset (cifar10 files have 3073-byte records, cifar100 " +
                        "files 3074): check which archive it came from.");
                }

                labels[at] = label;
                Buffer.BlockCopy(bytes, offset + labelBytes, pixels, at * ImageBytes, ImageBytes);
            }
        }

        return new CifarRecords(pixels, labels, (int)total);
    }

    private static int RecordCount(string path, int record, int labelBytes)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"CIFAR file '{path}' could not be read: {e.Message} Check that it exists and is readable.");
        }

        if (length == 0 || length % record != 0)
        {
            string what = length == 0 ? "is empty" : "is not a whole number of records";
            throw new RewindUserException(
                $"CIFAR file '{path}' {what}: it has {length.ToString(CultureInfo.InvariantCulture)} bytes, but its " +
                $"records are {record} bytes ({labelBytes} label byte{(labelBytes == 1 ? "" : "s")} + {ImageBytes} pixel bytes). " +
                "The file is truncated or not from the CIFAR binary version of this dataset: extract the archive again " +
                "(cifar10 uses data_batch_1..5.bin/test_batch.bin, cifar100 train.bin/test.bin).");
        }

        return (int)(length / record);
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"CIFAR file '{path}' could not be read: {e.Message} Check that it exists and is readable.");
        }
    }
}
