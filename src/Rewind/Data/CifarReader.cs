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
    public static CifarRecords Read(string path, int labelBytes, int labelIndex, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(labelBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(labelIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(labelIndex, labelBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);

        byte[] bytes = ReadBytes(path);
        int record = labelBytes + ImageBytes;
        if (bytes.Length == 0 || bytes.Length % record != 0)
        {
            string what = bytes.Length == 0 ? "is empty" : "is not a whole number of records";
            throw new RewindUserException(
                $"CIFAR file '{path}' {what}: it has {bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes, but its " +
                $"records are {record} bytes ({labelBytes} label byte{(labelBytes == 1 ? "" : "s")} + {ImageBytes} pixel bytes). " +
                "The file is truncated or not from the CIFAR binary version of this dataset: extract the archive again " +
                "(cifar10 uses data_batch_1..5.bin/test_batch.bin, cifar100 train.bin/test.bin).");
        }

        int count = bytes.Length / record;
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int offset = i * record;
            byte label = bytes[offset + labelIndex];
            if (label >= numClasses)
            {
                throw new RewindUserException(
                    $"CIFAR file '{path}' has label {label} in record {i}, outside 0..{numClasses - 1}. The file is damaged " +
                    "or belongs to the other CIFAR dataset (cifar10 files have 3073-byte records, cifar100 files 3074): " +
                    "check which archive it came from.");
            }

            labels[i] = label;
            Buffer.BlockCopy(bytes, offset + labelBytes, pixels, i * ImageBytes, ImageBytes);
        }

        return new CifarRecords(pixels, labels, count);
    }

    /// <summary>Reads several files of the same format and concatenates them in the given order.</summary>
    /// <exception cref="RewindUserException">Any file is defective (see <see cref="Read"/>).</exception>
    public static CifarRecords ReadAll(IReadOnlyList<string> paths, int labelBytes, int labelIndex, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 1)
        {
            return Read(paths[0], labelBytes, labelIndex, numClasses);
        }

        var parts = paths.Select(p => Read(p, labelBytes, labelIndex, numClasses)).ToList();
        int count = parts.Sum(p => p.Count);
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new byte[count];
        int at = 0;
        foreach (var part in parts)
        {
            Buffer.BlockCopy(part.Pixels, 0, pixels, at * ImageBytes, part.Pixels.Length);
            Buffer.BlockCopy(part.Labels, 0, labels, at, part.Count);
            at += part.Count;
        }

        return new CifarRecords(pixels, labels, count);
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
