using Rewind.Data;

namespace Rewind.Tests.Data;

public sealed class DataCatalogTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DataSearchPaths Paths(string? explicitDir = null, string? env = null)
    {
        DataSearchPaths fromVariables = DataSearchPaths.FromVariables(explicitDir, v => v switch
        {
            "REWIND_DATA" => env,
            "XDG_CACHE_HOME" => _files.PathOf("xdg-cache"),
            "HOME" => _files.PathOf("home"),
            _ => null,
        });
        return fromVariables with { SystemRoot = _files.PathOf("system") };
    }

    [Fact]
    public void Catalog_lists_the_nine_datasets()
    {
        Assert.Equal(["fashion-mnist", "mnist", "synthetic", "cifar10", "cifar100", "synthetic-images", "imagefolder", "tiny-imagenet", "imagenet"],
            DataCatalog.Names);
    }

    [Fact]
    public void Explicit_folder_holding_the_files_directly_comes_first()
    {
        string explicitDir = _files.WriteTinyDataset("explicit", gzip: false);
        string envDir = _files.WriteTinyDataset("env/mnist", gzip: true);
        _files.WriteTinyDataset("system/mnist", gzip: true);

        DatasetLocation loc = DataCatalog.LocateIn("mnist", Paths(explicitDir, _files.PathOf("env")));

        Assert.True(loc.Found);
        Assert.Equal(explicitDir, loc.Directory);
        Assert.Equal([explicitDir], loc.Searched);
        Assert.True(Directory.Exists(envDir));
    }

    [Fact]
    public void Load_with_a_data_folder_reads_the_files_found_there()
    {
        string dir = _files.WriteTinyDataset("given", gzip: true);

        using Dataset ds = DataCatalog.Load("mnist", dir, seed: 0);

        Assert.Equal(dir, ds.Source);
        Assert.Equal(4, ds.TrainCount);
        Assert.Equal(2, ds.TestCount);
    }

    [Fact]
    public void Explicit_folder_may_hold_a_subfolder_named_after_the_dataset()
    {
        string sub = _files.WriteTinyDataset("explicit/mnist", gzip: true);

        DatasetLocation loc = DataCatalog.LocateIn("mnist", Paths(_files.PathOf("explicit")));

        Assert.Equal(sub, loc.Directory);
        Assert.Equal([_files.PathOf("explicit"), sub], loc.Searched);
    }

    [Fact]
    public void Rewind_data_folder_is_searched_after_the_explicit_folder()
    {
        Directory.CreateDirectory(_files.PathOf("explicit"));
        string envDir = _files.WriteTinyDataset("env", gzip: false);
        _files.WriteTinyDataset("xdg-cache/rewind/datasets/mnist", gzip: false);

        DatasetLocation loc = DataCatalog.LocateIn("mnist", Paths(_files.PathOf("explicit"), envDir));

        Assert.Equal(envDir, loc.Directory);
        Assert.Equal([_files.PathOf("explicit"), _files.PathOf("explicit", "mnist"), envDir], loc.Searched);
    }

    [Fact]
    public void User_cache_under_xdg_cache_home_is_searched_before_the_system_folder()
    {
        string cache = _files.WriteTinyDataset("xdg-cache/rewind/datasets/mnist", gzip: true);
        _files.WriteTinyDataset("system/mnist", gzip: true);

        DatasetLocation loc = DataCatalog.LocateIn("mnist", Paths());

        Assert.Equal(cache, loc.Directory);
    }

    [Fact]
    public void System_folder_is_searched_last()
    {
        string system = _files.WriteTinyDataset("system/mnist", gzip: true);

        DatasetLocation loc = DataCatalog.LocateIn("mnist", Paths(_files.PathOf("explicit"), _files.PathOf("env")));

        Assert.Equal(system, loc.Directory);
        Assert.Equal(
            [
                _files.PathOf("explicit"), _files.PathOf("explicit", "mnist"), _files.PathOf("env"), _files.PathOf("env", "mnist"),
                _files.PathOf("xdg-cache", "rewind", "datasets", "mnist"), system,
            ],
            loc.Searched);
    }

    [Fact]
    public void Without_xdg_cache_home_the_user_cache_is_under_home_dot_cache()
    {
        DataSearchPaths paths = DataSearchPaths.FromVariables(null, v => v == "HOME" ? "/home/ada" : null);

        Assert.Equal("/home/ada/.cache/rewind/datasets", paths.CacheRoot);
        Assert.Equal("/usr/share/datasets", paths.SystemRoot);
    }

    [Fact]
    public void Tilde_in_the_data_folder_means_home()
    {
        DataSearchPaths paths = DataSearchPaths.FromVariables("~/data", v => v == "HOME" ? "/home/ada" : null);

        Assert.Equal("/home/ada/data", paths.ExplicitDir);
    }

    [Fact]
    public void Mirror_spelling_with_a_dot_before_idx_is_accepted()
    {
        string dir = _files.PathOf("dotted");
        Directory.CreateDirectory(dir);
        foreach (string name in DataCatalog.IdxFileNames)
        {
            File.WriteAllBytes(Path.Combine(dir, name.Replace("-idx", ".idx", StringComparison.Ordinal)), [0]);
        }

        Assert.NotNull(DataCatalog.ResolveFiles(dir));
    }

    [Fact]
    public void Folder_missing_one_file_does_not_count_and_the_message_names_the_missing_file()
    {
        string dir = _files.WriteTinyDataset("explicit", gzip: false);
        File.Delete(Path.Combine(dir, "t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("mnist", Paths(dir), seed: 0));

        Assert.Contains(dir + " (incomplete: missing t10k-labels-idx1-ubyte)", e.Message);
    }

    [Fact]
    public void Missing_fashion_mnist_message_says_where_it_looked_and_how_to_obtain_it()
    {
        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("fashion-mnist", Paths(), seed: 0));

        Assert.Contains(_files.PathOf("xdg-cache", "rewind", "datasets", "fashion-mnist"), e.Message);
        Assert.Contains(_files.PathOf("system", "fashion-mnist"), e.Message);
        Assert.Contains("rewind data get fashion-mnist", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void Missing_mnist_message_says_to_supply_the_files_with_data_dir()
    {
        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("mnist", Paths(), seed: 0));

        Assert.Contains("--data DIR", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.DoesNotContain("apt-get", e.Message);
    }

    [Theory]
    [InlineData("fashion-minst", "fashion-mnist")]
    [InlineData("FashionMNIST", "fashion-mnist")]
    [InlineData("fashion", "fashion-mnist")]
    [InlineData("mnits", "mnist")]
    [InlineData("synthetc", "synthetic")]
    public void Unknown_name_lists_the_valid_names_and_suggests_the_nearest(string typed, string suggestion)
    {
        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LocateIn(typed, Paths()));

        Assert.Contains($"'{typed}'", e.Message);
        Assert.Contains("fashion-mnist, mnist, synthetic", e.Message);
        Assert.Contains($"Did you mean '{suggestion}'?", e.Message);
    }

    [Fact]
    public void Unrelated_unknown_name_gets_the_list_but_no_suggestion()
    {
        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("coco", Paths(), seed: 0));

        Assert.Contains("fashion-mnist, mnist, synthetic", e.Message);
        Assert.DoesNotContain("Did you mean", e.Message);
    }

    [Fact]
    public void Names_are_matched_case_insensitively()
    {
        Assert.Equal("synthetic", DataCatalog.LocateIn("Synthetic", Paths()).Name);
    }

    [Fact]
    public void Synthetic_is_always_found_and_loads_from_the_seed()
    {
        DatasetLocation loc = DataCatalog.LocateIn("synthetic", Paths());
        using Dataset ds = DataCatalog.LoadFrom("synthetic", Paths(), seed: 5);

        Assert.True(loc.Found);
        Assert.Null(loc.Directory);
        Assert.Equal("synthetic", ds.Name);
        Assert.Equal([32L], ds.InputShape);
        Assert.Contains("seed 5", ds.Source);
    }
}
