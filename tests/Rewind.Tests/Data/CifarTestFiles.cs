namespace Rewind.Tests.Data;

/// <summary>Writes small fake CIFAR binary files: record i of a file has label (first + i) % classes and pixel bytes
/// (i·7 + offset) % 251, so every record and every position is recognisable.</summary>
internal sealed class CifarTestFiles : IDisposable
{
    private readonly TempDir _root = new();

    public string PathOf(params string[] parts) => Path.Combine([_root.Path, .. parts]);

    public static byte Pixel(int record, int offset) => (byte)((record * 7 + offset) % 251);

    /// <summary>Record bytes: the label bytes, then 3072 pixel bytes.</summary>
    public static byte[] Records(int count, int labelBytes, Func<int, byte[]> labels)
    {
        int size = labelBytes + 3072;
        var bytes = new byte[count * size];
        for (int i = 0; i < count; i++)
        {
            labels(i).CopyTo(bytes, i * size);
            for (int o = 0; o < 3072; o++) bytes[i * size + labelBytes + o] = Pixel(i, o);
        }
        return bytes;
    }

    /// <summary>A CIFAR-10 folder: five training batches of <paramref name="perBatch"/> records (labels 0,1,2,… continuing
    /// across batches) and a test batch of <paramref name="test"/> records with labels 9, 8, 7, ….</summary>
    public string WriteCifar10(string relative, int perBatch = 2, int test = 3)
    {
        string dir = PathOf(relative);
        Directory.CreateDirectory(dir);
        for (int b = 0; b < 5; b++)
        {
            int first = b * perBatch;
            File.WriteAllBytes(Path.Combine(dir, $"data_batch_{b + 1}.bin"), Records(perBatch, 1, i => [(byte)((first + i) % 10)]));
        }
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Records(test, 1, i => [(byte)(9 - i % 10)]));
        return dir;
    }

    /// <summary>A CIFAR-100 folder: train.bin and test.bin whose records carry coarse label 19 and fine label 40 + i.</summary>
    public string WriteCifar100(string relative, int train = 4, int test = 2)
    {
        string dir = PathOf(relative);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), Records(train, 2, i => [19, (byte)(40 + i)]));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), Records(test, 2, i => [19, (byte)(40 + i)]));
        return dir;
    }

    public void Dispose() => _root.Dispose();
}
