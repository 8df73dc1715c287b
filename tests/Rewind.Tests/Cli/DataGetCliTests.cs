using Rewind.Cli;
using Rewind.Data;
using Rewind.Tests.Data.Download;

namespace Rewind.Tests.Cli;

/// <summary><c>rewind data get</c> and <c>rewind data list</c> end to end, with the user cache in a temporary folder
/// (XDG_CACHE_HOME) and a local HTTP server; nothing leaves the machine.</summary>
[Collection("cli")]
public sealed class DataGetCliTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string ListLine(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));

    private static T WithCache<T>(string cacheHome, Func<T> body)
    {
        string? before = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", cacheHome);
        try
        {
            return body();
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", before);
        }
    }

    [Fact]
    public void Data_get_cifar10_from_an_archive_then_data_list_reports_it_found()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp["cifar-10-binary.tar.gz"], DatasetArchives.Cifar10TarGz());

        var (code, output, err, list) = WithCache(tmp["cache"], () =>
        {
            var (c, o, e) = Cli("data", "get", "cifar10", "--from", tmp["cifar-10-binary.tar.gz"]);
            return (c, o, e, Cli("data", "list").Out);
        });

        Assert.True(code == 0, err + output);
        Assert.Contains("Installed 'cifar10'", output);
        Assert.Contains("does not have the published MD5", output); // a generated archive, not Toronto's
        string installed = Path.Combine(tmp["cache"], "rewind", "datasets", "cifar10", "cifar-10-batches-bin");
        Assert.Equal($"cifar10           found: {installed}", ListLine(list, "cifar10").TrimEnd());
    }

    [Fact]
    public void A_download_from_the_test_server_is_reported_found_by_data_list()
    {
        using var tmp = new TempDir();
        using var server = new LocalHttpServer();
        byte[] zip = DatasetArchives.TinyImageNetZip();
        var url = server.Add("tiny-imagenet-200.zip", zip);
        var source = DatasetArchives.Archive("tiny-imagenet", "tiny-imagenet-200.zip", DatasetArchives.Md5(zip), url);

        var (result, list) = WithCache(tmp["cache"], () =>
        {
            var options = DatasetArchives.Options(tmp["x"], source) with { Paths = DataSearchPaths.FromEnvironment(null) };
            return (DatasetAcquirer.Get("tiny-imagenet", options), Cli("data", "list").Out);
        });

        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
        string installed = Path.Combine(tmp["cache"], "rewind", "datasets", "tiny-imagenet", "tiny-imagenet-200");
        Assert.Equal($"tiny-imagenet     found: {installed}", ListLine(list, "tiny-imagenet").TrimEnd());
    }

    [Fact]
    public void Data_get_from_a_missing_file_exits_2_naming_it()
    {
        using var tmp = new TempDir();

        var (code, _, err) = WithCache(tmp["cache"], () => Cli("data", "get", "cifar100", "--from", tmp["nope.tar.gz"]));

        Assert.Equal(2, code);
        Assert.Contains(tmp["nope.tar.gz"], err);
    }
}
