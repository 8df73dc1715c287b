using Rewind.Data;
using TorchSharp;

namespace Rewind.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DataSearchPaths Paths(string? explicitDir = null) =>
        DataSearchPaths.FromVariables(explicitDir, v => v == "HOME" ? _files.PathOf("home") : null) with
        {
            SystemRoot = _files.PathOf("system"),
        };

    [Fact]
    public void Cifar10_concatenates_the_five_training_batches_in_order_and_reads_the_test_batch()
    {
        string dir = _files.WriteCifar10("given");

        using Dataset ds = DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0);

        Assert.Equal(10, ds.NumClasses);
        Assert.Equal([3L, 32, 32], ds.InputShape);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), ds.TrainLabels.data<long>().ToArray());
        Assert.Equal([9L, 8, 7], ds.TestLabels.data<long>().ToArray());
        Assert.Equal(dir, ds.Source);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1, 2, 3, 5)]
    [InlineData(2, 31, 31, 3)]
    public void Pixels_are_channel_major_and_normalised_with_the_paper_constants(int channel, int row, int col, int record)
    {
        string dir = _files.WriteCifar10("given", perBatch: 2);
        using Dataset ds = DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0);

        // Training record 5 is the second record of data_batch_3 (record index 1 within its file).
        int inFile = record % 2;
        byte raw = CifarTestFiles.Pixel(inFile, channel * 1024 + row * 32 + col);
        double[] mean = [0.4914, 0.4822, 0.4465], std = [0.2023, 0.1994, 0.2010];
        double expected = (raw / 255.0 - mean[channel]) / std[channel];

        float actual = ds.TrainInputs[record, channel, row, col].item<float>();
        Assert.Equal(expected, actual, 5);
    }

    [Fact]
    public void Cifar10_is_found_in_the_folder_its_archive_extracts_to()
    {
        string dir = _files.WriteCifar10("data/cifar-10-batches-bin");

        DatasetLocation loc = DataCatalog.LocateIn("cifar10", Paths(_files.PathOf("data")));

        Assert.True(loc.Found);
        Assert.Equal(dir, loc.Directory);
    }

    [Fact]
    public void Cifar10_is_found_under_a_cifar10_subfolder_of_the_system_root()
    {
        string dir = _files.WriteCifar10("system/cifar10/cifar-10-batches-bin");

        Assert.Equal(dir, DataCatalog.LocateIn("cifar10", Paths()).Directory);
    }

    [Fact]
    public void Cifar100_uses_the_fine_label_and_its_own_normalisation()
    {
        string dir = _files.WriteCifar100("c100/cifar-100-binary");

        using Dataset ds = DataCatalog.LoadFrom("cifar100", Paths(_files.PathOf("c100")), seed: 0);

        Assert.Equal(100, ds.NumClasses);
        Assert.Equal([40L, 41, 42, 43], ds.TrainLabels.data<long>().ToArray());
        Assert.Equal([40L, 41], ds.TestLabels.data<long>().ToArray());
        double expected = (CifarTestFiles.Pixel(0, 1024) / 255.0 - 0.487) / 0.256;
        Assert.Equal(expected, ds.TestInputs[0, 1, 0, 0].item<float>(), 5);
        Assert.Equal(dir, ds.Source);
    }

    [Fact]
    public void Cifar_datasets_carry_the_crop_and_flip_augmentation_padding_black_pixels()
    {
        string dir = _files.WriteCifar10("given");
        using Dataset ds = DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0);

        Assert.NotNull(ds.Augmentation);
        Assert.Equal(4, ds.Augmentation!.Padding);
        Assert.Equal(-0.4914 / 0.2023, ds.Augmentation.Fill[0], 5);
        Assert.Equal(-0.4465 / 0.2010, ds.Augmentation.Fill[2], 5);
    }

    [Fact]
    public void Subsets_and_copies_keep_the_augmentation()
    {
        using Dataset ds = SyntheticData.Images(seed: 0, trainCount: 8, testCount: 2, size: 8);
        using Dataset subset = ds.Subset(4, 1);
        using Dataset copy = ds.To(TorchSharp.torch.CPU);

        Assert.Same(ds.Augmentation, subset.Augmentation);
        Assert.Same(ds.Augmentation, copy.Augmentation);
    }

    [Fact]
    public void Truncated_file_is_a_user_error_naming_the_file_and_the_record_size()
    {
        string dir = _files.WriteCifar10("given");
        string path = Path.Combine(dir, "data_batch_3.bin");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0));

        Assert.Contains(path, e.Message);
        Assert.Contains("not a whole number of records", e.Message);
        Assert.Contains("3073", e.Message);
    }

    [Fact]
    public void Empty_file_is_a_user_error_naming_the_file()
    {
        string dir = _files.WriteCifar10("given");
        string path = Path.Combine(dir, "test_batch.bin");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0));

        Assert.Contains(path, e.Message);
        Assert.Contains("is empty", e.Message);
    }

    [Fact]
    public void Cifar100_files_in_a_cifar10_folder_are_rejected_by_their_record_size()
    {
        // 3 CIFAR-100 records = 9222 bytes, not a multiple of 3073.
        string path = _files.PathOf("odd.bin");
        File.WriteAllBytes(path, CifarTestFiles.Records(3, 2, i => [1, 2]));

        var e = Assert.Throws<RewindUserException>(() => CifarReader.Read(path, labelBytes: 1, labelIndex: 0, numClasses: 10));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Label_out_of_range_is_a_user_error_naming_the_file_and_record()
    {
        string path = _files.PathOf("bad.bin");
        File.WriteAllBytes(path, CifarTestFiles.Records(3, 1, i => [(byte)(i == 2 ? 10 : 1)]));

        var e = Assert.Throws<RewindUserException>(() => CifarReader.Read(path, labelBytes: 1, labelIndex: 0, numClasses: 10));

        Assert.Contains(path, e.Message);
        Assert.Contains("label 10 in record 2", e.Message);
    }

    [Fact]
    public void Missing_cifar10_says_where_it_looked_what_was_missing_and_to_download_the_binary_version()
    {
        string dir = _files.WriteCifar10("partial");
        File.Delete(Path.Combine(dir, "data_batch_4.bin"));

        var e = Assert.Throws<RewindUserException>(() => DataCatalog.LoadFrom("cifar10", Paths(dir), seed: 0));

        Assert.Contains(dir + " (incomplete: missing data_batch_4.bin)", e.Message);
        Assert.Contains(Path.Combine(dir, "cifar-10-batches-bin") + " (no such folder)", e.Message);
        Assert.Contains("binary version", e.Message);
        Assert.Contains("--data DIR", e.Message);
        Assert.Contains("rewind data get cifar10", e.Message);
    }

    [Fact]
    public void Data_get_for_cifar100_explains_how_to_supply_it_and_runs_nothing()
    {
        var runner = new NoProcesses();

        AcquireResult result = DatasetAcquirer.Get("cifar100", TextWriter.Null, runner, () => true, Paths());

        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.Contains("cifar-100-binary", result.Message);
        Assert.Equal(0, runner.Calls);
    }

    [Fact]
    public void Generated_image_dataset_is_listed_needs_nothing_and_has_cifar_shape()
    {
        Assert.Contains("synthetic-images", DataCatalog.Names);
        Assert.True(DataCatalog.LocateIn("synthetic-images", Paths()).Found);

        using Dataset ds = DataCatalog.LoadFrom("synthetic-images", Paths(), seed: 4);

        Assert.Equal([3L, 32, 32], ds.InputShape);
        Assert.Equal(10, ds.NumClasses);
        Assert.NotNull(ds.Augmentation);
    }

    private sealed class NoProcesses : IProcessRunner
    {
        public int Calls { get; private set; }

        public bool Exists(string command) => true;

        public ProcessResult Run(string command, IReadOnlyList<string> arguments, TextWriter log,
            IReadOnlyDictionary<string, string>? environment = null)
        {
            Calls++;
            return new ProcessResult(1, "");
        }
    }
}
