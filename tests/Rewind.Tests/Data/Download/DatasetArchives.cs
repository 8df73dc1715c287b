using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Rewind.Data;
using Rewind.Data.Download;
using Rewind.Tests.Data.Images;

namespace Rewind.Tests.Data.Download;

/// <summary>Generated dataset archives in the published formats (small contents), and catalog entries pointing at them.</summary>
internal static class DatasetArchives
{
    /// <summary>cifar-10-binary.tar.gz as published: cifar-10-batches-bin/ with five training batches, the test batch and
    /// batches.meta.txt (here 3 records per training batch, 4 test records).</summary>
    public static byte[] Cifar10TarGz()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/"));
            for (int b = 1; b <= 5; b++)
                Add(tar, $"cifar-10-batches-bin/data_batch_{b}.bin", CifarTestFiles.Records(3, 1, i => [(byte)((b + i) % 10)]));
            Add(tar, "cifar-10-batches-bin/test_batch.bin", CifarTestFiles.Records(4, 1, i => [(byte)i]));
            Add(tar, "cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n"u8.ToArray());
        }
        return output.ToArray();
    }

    /// <summary>A tar.gz whose one entry would be written outside the extraction folder.</summary>
    public static byte[] EscapingTarGz()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            Add(tar, "../escaped.txt", "x"u8.ToArray());
        return output.ToArray();
    }

    /// <summary>tiny-imagenet-200.zip as published (tiny-imagenet-200/wnids.txt, train/, val/), 2 classes, 8x8 images.</summary>
    public static byte[] TinyImageNetZip()
    {
        using var tmp = new TempDir();
        ImageTestFiles.WriteTinyImageNet(tmp["tiny-imagenet-200"], ["n02", "n01"], trainPerClass: 2, valPerClass: 1, size: 8);
        ZipFile.CreateFromDirectory(tmp["tiny-imagenet-200"], tmp["a.zip"], CompressionLevel.Fastest, includeBaseDirectory: true);
        return File.ReadAllBytes(tmp["a.zip"]);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "The datasets publish MD5 checksums.")]
    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    /// <summary>A one-archive catalog entry at <paramref name="url"/> with <paramref name="md5"/>.</summary>
    public static DatasetSource Archive(string name, string fileName, string md5, params Uri[] urls) =>
        new(name, [new RemoteFile(fileName, urls, FileChecksum.Md5(md5))], "the test server");

    /// <summary>Options downloading into <paramref name="cache"/> from <paramref name="source"/>, never running apt.</summary>
    public static AcquireOptions Options(string cache, DatasetSource source, TextWriter? log = null, IProgress<DownloadProgress>? progress = null) => new()
    {
        Log = log ?? TextWriter.Null,
        Progress = progress,
        Paths = new DataSearchPaths(null, null, cache, Path.Combine(cache, "no-system")),
        Sources = n => string.Equals(n, source.Name, StringComparison.OrdinalIgnoreCase) ? source : null,
        Runner = new NoProcesses(),
        IsRoot = () => false,
    };

    private static void Add(TarWriter tar, string name, byte[] bytes) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });

    /// <summary>A process runner that fails the test if anything is run.</summary>
    internal sealed class NoProcesses : IProcessRunner
    {
        public bool Exists(string command) => true;

        public ProcessResult Run(string command, IReadOnlyList<string> arguments, TextWriter log, IReadOnlyDictionary<string, string>? environment = null) =>
            throw new InvalidOperationException($"No process may run in this test ({command}).");
    }
}
