using Rewind.Data;
using Rewind.Data.Download;

namespace Rewind.Tests.Data.Download;

/// <summary><c>rewind data get</c> against a local HTTP server serving generated archives in the published formats.</summary>
public sealed class DatasetDownloadTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly LocalHttpServer _server = new();
    private readonly byte[] _cifar = DatasetArchives.Cifar10TarGz();

    public void Dispose()
    {
        _server.Dispose();
        _tmp.Dispose();
    }

    private string Cache => _tmp["cache"];

    private string CifarFolder => Path.Combine(Cache, "cifar10");

    private DatasetSource CifarAt(Uri url, string? md5 = null) =>
        DatasetArchives.Archive("cifar10", "cifar-10-binary.tar.gz", md5 ?? DatasetArchives.Md5(_cifar), url);

    private sealed class Recorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];

        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    [Fact]
    public void A_download_is_verified_extracted_and_then_found_and_loaded_by_the_catalog()
    {
        var url = _server.Add("kriz/cifar-10-binary.tar.gz", _cifar);
        var progress = new Recorder();
        var options = DatasetArchives.Options(Cache, CifarAt(url), progress: progress);

        AcquireResult result = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
        Assert.Equal(Path.Combine(CifarFolder, "cifar-10-batches-bin"), result.Directory);
        Assert.True(DataCatalog.LocateIn("cifar10", options.Paths).Found);
        using (var ds = DataCatalog.LoadFrom("cifar10", options.Paths, 0))
        {
            Assert.Equal(15, ds.TrainCount);
            Assert.Equal(4, ds.TestCount);
        }
        Assert.False(File.Exists(Path.Combine(CifarFolder, "cifar-10-binary.tar.gz"))); // the archive is removed once extracted
        Assert.Equal(_cifar.Length, progress.Reports[^1].Received);
        Assert.Equal(_cifar.Length, progress.Reports[^1].Total);
        Assert.Equal(AcquireOutcome.AlreadyPresent, DatasetAcquirer.Get("cifar10", options).Outcome);
    }

    [Fact]
    public void An_interrupted_download_keeps_its_part_and_the_next_run_resumes_with_a_range_request()
    {
        var url = _server.Add("cifar-10-binary.tar.gz", _cifar, Serve.CuttingHalfway, Serve.Normally);
        var options = DatasetArchives.Options(Cache, CifarAt(url));

        AcquireResult first = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Failed, first.Outcome);
        Assert.Contains("run the same command again to resume", first.Message);
        string part = Path.Combine(CifarFolder, "cifar-10-binary.tar.gz.part");
        long kept = new FileInfo(part).Length;
        Assert.Equal(_cifar.Length / 2, kept);

        AcquireResult second = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Installed, second.Outcome);
        Assert.Equal([null, $"bytes={kept}-"], _server.Requests.Select(r => r.Range));
        Assert.False(File.Exists(part));
    }

    [Fact]
    public void A_server_error_mid_way_is_reported_and_a_later_run_resumes_where_the_transfer_stopped()
    {
        var url = _server.Add("cifar-10-binary.tar.gz", _cifar, Serve.CuttingHalfway, Serve.Error500, Serve.Normally);
        var options = DatasetArchives.Options(Cache, CifarAt(url));

        Assert.Equal(AcquireOutcome.Failed, DatasetAcquirer.Get("cifar10", options).Outcome);
        AcquireResult error = DatasetAcquirer.Get("cifar10", options);
        Assert.Equal(AcquireOutcome.Failed, error.Outcome);
        Assert.Contains("answered 500", error.Message);
        Assert.Contains("rewind data get cifar10 --from", error.Message); // the manual way is always spelled out
        Assert.True(File.Exists(Path.Combine(CifarFolder, "cifar-10-binary.tar.gz.part")));

        Assert.Equal(AcquireOutcome.Installed, DatasetAcquirer.Get("cifar10", options).Outcome);
        Assert.Equal($"bytes={_cifar.Length / 2}-", _server.Requests.Last().Range);
    }

    [Fact]
    public void A_server_without_range_support_makes_the_resumed_download_start_over()
    {
        var url = _server.Add("cifar-10-binary.tar.gz", _cifar, Serve.CuttingHalfway, Serve.IgnoringRanges);
        var options = DatasetArchives.Options(Cache, CifarAt(url));

        DatasetAcquirer.Get("cifar10", options);
        AcquireResult second = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Installed, second.Outcome);
        Assert.NotNull(_server.Requests.Last().Range); // asked for the rest, got all of it, and did not append it
    }

    [Fact]
    public void A_wrong_checksum_deletes_the_file_and_says_so()
    {
        var url = _server.Add("cifar-10-binary.tar.gz", _cifar);
        var options = DatasetArchives.Options(Cache, CifarAt(url, md5: new string('0', 32)));

        AcquireResult result = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Failed, result.Outcome);
        Assert.Contains("published checksum is 00000000000000000000000000000000", result.Message);
        Assert.Contains("deleted", result.Message);
        Assert.Contains(DatasetArchives.Md5(_cifar), result.Message); // what actually arrived
        Assert.False(Directory.Exists(CifarFolder)); // nothing left behind, not even an empty folder
    }

    [Fact]
    public void A_truncated_archive_served_whole_fails_its_checksum_and_is_deleted()
    {
        byte[] truncated = _cifar.AsSpan(0, _cifar.Length - 100).ToArray();
        var url = _server.Add("cifar-10-binary.tar.gz", truncated);
        var options = DatasetArchives.Options(Cache, CifarAt(url)); // the checksum of the whole archive

        AcquireResult result = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.Failed, result.Outcome);
        Assert.Contains("deleted", result.Message);
        Assert.False(Directory.Exists(CifarFolder)); // nothing left behind, not even an empty folder
    }

    [Fact]
    public void Without_network_the_message_gives_the_address_the_checksum_and_the_from_command()
    {
        var unreachable = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/kriz/cifar-10-binary.tar.gz");
        var options = DatasetArchives.Options(Cache, CifarAt(unreachable));

        AcquireResult result = DatasetAcquirer.Get("cifar10", options);

        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.Contains("no internet access", result.Message);
        Assert.Contains(unreachable.ToString(), result.Message);
        Assert.Contains($"MD5 {DatasetArchives.Md5(_cifar)}", result.Message);
        Assert.Contains("rewind data get cifar10 --from /path/to/cifar-10-binary.tar.gz", result.Message);
        Assert.Contains(CifarFolder, result.Message);
    }

    [Fact]
    public void From_a_local_archive_installs_it_with_a_warning_when_it_is_not_the_published_file()
    {
        File.WriteAllBytes(_tmp["mine.tar.gz"], _cifar);
        var log = new StringWriter();
        var options = DatasetArchives.Options(Cache, DatasetSources.Find("cifar10")!, log) with { From = _tmp["mine.tar.gz"] };

        AcquireResult result = DatasetAcquirer.Get("cifar10", options);

        Assert.True(result.Outcome == AcquireOutcome.Installed, result.Message);
        Assert.Contains("does not have the published MD5", log.ToString());
        Assert.Empty(_server.Requests);
        Assert.True(File.Exists(_tmp["mine.tar.gz"])); // the user's own file is never deleted
    }

    [Fact]
    public void From_an_address_downloads_there_instead_of_the_canonical_address_and_still_verifies()
    {
        var mirror = _server.Add("mirror/cifar-10-binary.tar.gz", _cifar);
        var canonical = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/cifar-10-binary.tar.gz");
        var options = DatasetArchives.Options(Cache, CifarAt(canonical)) with { From = mirror.ToString() };

        Assert.Equal(AcquireOutcome.Installed, DatasetAcquirer.Get("cifar10", options).Outcome);
        Assert.Equal("mirror/cifar-10-binary.tar.gz", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public void From_a_folder_takes_mnist_files_gzip_compressed_or_not()
    {
        using var files = new IdxTestFiles();
        string gz = files.WriteTinyDataset("gz", gzip: true);
        string raw = files.WriteTinyDataset("raw", gzip: false);
        foreach (string folder in new[] { gz, raw })
        {
            using var cache = new TempDir();
            var options = DatasetArchives.Options(cache.Path, DatasetSources.Find("mnist")!) with { From = folder };

            AcquireResult result = DatasetAcquirer.Get("mnist", options);

            Assert.True(result.Outcome == AcquireOutcome.Installed, result.Message);
            using var ds = DataCatalog.LoadFrom("mnist", options.Paths, 0);
            Assert.Equal(2, ds.TestCount);
        }
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void From_a_damaged_local_archive_is_a_user_error_naming_it()
    {
        File.WriteAllBytes(_tmp["bad.tar.gz"], _cifar.AsSpan(0, 200).ToArray());
        var options = DatasetArchives.Options(Cache, DatasetSources.Find("cifar10")!) with { From = _tmp["bad.tar.gz"] };

        var e = Assert.Throws<RewindUserException>(() => DatasetAcquirer.Get("cifar10", options));

        Assert.Contains(_tmp["bad.tar.gz"], e.Message);
        Assert.False(Directory.Exists(Path.Combine(CifarFolder, "cifar-10-batches-bin")));
    }

    [Fact]
    public void An_archive_entry_that_would_land_outside_the_folder_is_refused()
    {
        File.WriteAllBytes(_tmp["evil.tar.gz"], DatasetArchives.EscapingTarGz());

        Assert.Throws<RewindUserException>(() => ArchiveExtractor.Extract(_tmp["evil.tar.gz"], ArchiveKind.TarGz, _tmp["out"]));

        Assert.False(File.Exists(_tmp["escaped.txt"]));
    }

    [Fact]
    public void Tiny_imagenet_zip_downloads_extracts_and_is_found_in_its_archive_folder()
    {
        byte[] zip = DatasetArchives.TinyImageNetZip();
        var url = _server.Add("tiny-imagenet-200.zip", zip);
        var source = DatasetArchives.Archive("tiny-imagenet", "tiny-imagenet-200.zip", DatasetArchives.Md5(zip), url);
        var options = DatasetArchives.Options(Cache, source);

        AcquireResult result = DatasetAcquirer.Get("tiny-imagenet", options);

        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
        Assert.Equal(Path.Combine(Cache, "tiny-imagenet", "tiny-imagenet-200"), result.Directory);
    }

    [Fact]
    public void Mnist_files_come_from_the_next_mirror_when_the_first_has_not_got_them()
    {
        using var files = new IdxTestFiles();
        string dir = files.WriteTinyDataset("idx", gzip: true);
        var remote = DataCatalog.IdxFileNames.Select(n =>
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, n + ".gz"));
            var mirror = _server.Add($"mirror/{n}.gz", bytes);
            return new RemoteFile(n + ".gz", [new Uri(_server.BaseUri, $"gone/{n}.gz"), mirror], FileChecksum.Md5(DatasetArchives.Md5(bytes)));
        }).ToArray();
        var options = DatasetArchives.Options(Cache, new DatasetSource("mnist", remote, "the test server"));

        AcquireResult result = DatasetAcquirer.Get("mnist", options);

        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
        Assert.Equal(8, _server.Requests.Count); // a 404 and a download per file
        using var ds = DataCatalog.LoadFrom("mnist", options.Paths, 0);
        Assert.Equal(4, ds.TrainCount);
    }

    [Fact]
    public void Fashion_mnist_is_downloaded_when_not_root_and_the_failure_message_also_names_the_debian_package()
    {
        var unreachable = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/");
        var remote = DataCatalog.IdxFileNames.Select(n => new RemoteFile(n + ".gz", [new Uri(unreachable, n + ".gz")], FileChecksum.Md5(new string('1', 32)))).ToArray();
        var log = new StringWriter();
        var options = DatasetArchives.Options(Cache, new DatasetSource("fashion-mnist", remote, "Zalando"), log);

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", options);

        Assert.Contains("needs root", log.ToString()); // apt was not tried: NoProcesses would have thrown
        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.Contains("rewind data get fashion-mnist --from /path/to/that/folder", result.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", result.Message);
    }

    [Fact]
    public void The_canonical_sources_carry_the_published_checksums()
    {
        Assert.Equal("c32a1d4ab5d03f1284b67883e8d87530", DatasetSources.Find("cifar10")!.Files[0].Checksum.Hex);
        Assert.Equal("03b5dce01913d631647c71ecec9e9cb8", DatasetSources.Find("cifar100")!.Files[0].Checksum.Hex);
        Assert.Equal("90528d7ca1a48142e341f4ef8d21d0de", DatasetSources.Find("tiny-imagenet")!.Files[0].Checksum.Hex);
        Assert.Equal("f68b3c2dcbeaaa9fbdd348bbdeb94873", DatasetSources.Find("mnist")!.Files[0].Checksum.Hex);
        Assert.Equal("bb300cfdad3c16e7a12a480ee83cd310", DatasetSources.Find("fashion-mnist")!.Files[3].Checksum.Hex);
        Assert.Equal("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", DatasetSources.Find("cifar10")!.Files[0].Urls[0].ToString());
        Assert.Null(DatasetSources.Find("imagenet"));
    }
}
