using System.IO.Compression;

namespace Rewind.Tests.Data;

/// <summary>A temporary folder for one test, deleted on dispose, with helpers to write IDX files.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "rewind-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The bytes of a valid unsigned-byte IDX file with the given shape and payload.</summary>
    public static byte[] IdxBytes(int[] shape, byte[] payload)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)shape.Length };
        foreach (int d in shape)
        {
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        bytes.AddRange(payload);
        return [.. bytes];
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(raw);
        }

        return output.ToArray();
    }

    public string Write(string relativePath, byte[] bytes)
    {
        string path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes a tiny MNIST-format dataset (4 train, 2 test images of 2×3 pixels) into <paramref name="folder"/>.</summary>
    public string WriteTinyDataset(string folder, bool gzip)
    {
        string dir = PathOf(folder);
        Directory.CreateDirectory(dir);
        byte[] trainImages = Enumerable.Range(0, 4 * 6).Select(i => (byte)(i * 10)).ToArray();
        byte[] testImages = Enumerable.Range(0, 2 * 6).Select(i => (byte)(255 - i)).ToArray();
        void W(string name, int[] shape, byte[] payload)
        {
            byte[] raw = IdxBytes(shape, payload);
            File.WriteAllBytes(Path.Combine(dir, gzip ? name + ".gz" : name), gzip ? Gzip(raw) : raw);
        }

        W("train-images-idx3-ubyte", [4, 2, 3], trainImages);
        W("train-labels-idx1-ubyte", [4], [0, 1, 2, 9]);
        W("t10k-images-idx3-ubyte", [2, 2, 3], testImages);
        W("t10k-labels-idx1-ubyte", [2], [3, 4]);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
