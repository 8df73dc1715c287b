using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

public sealed class DatasetTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Dataset LoadTiny(bool gzip = false)
    {
        string dir = _files.WriteTinyDataset("mnist", gzip);
        return DataCatalog.LoadFrom("mnist", new DataSearchPaths(dir, null, null, _files.PathOf("none")), seed: 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_dataset_pixels_are_scaled_to_unit_range_then_standardised(bool gzip)
    {
        using Dataset ds = LoadTiny(gzip);

        Assert.Equal([1L, 2, 3], ds.InputShape);
        Assert.Equal([4L, 1, 2, 3], ds.TrainInputs.shape);
        Assert.Equal([2L, 1, 2, 3], ds.TestInputs.shape);
        Assert.Equal([0L, 1, 2, 9], ds.TrainLabels.data<long>().ToArray());
        Assert.Equal([3L, 4], ds.TestLabels.data<long>().ToArray());

        // Train pixel 5 is the byte 50; test pixel 0 is 255.
        double expected5 = (50 / 255.0 - Normalization.Mnist.Mean) / Normalization.Mnist.Std;
        double expectedTest0 = (255 / 255.0 - Normalization.Mnist.Mean) / Normalization.Mnist.Std;
        Assert.Equal(expected5, ds.TrainInputs.flatten().data<float>()[5], 5);
        Assert.Equal(expectedTest0, ds.TestInputs.flatten().data<float>()[0], 5);
    }

    [Fact]
    public void Subset_keeps_the_first_examples_and_zero_means_all()
    {
        using Dataset ds = LoadTiny();

        using Dataset sub = ds.Subset(trainCount: 3, testCount: 0);

        Assert.Equal(3, sub.TrainCount);
        Assert.Equal(2, sub.TestCount);
        Assert.Equal([0L, 1, 2], sub.TrainLabels.data<long>().ToArray());
        Assert.True(Same.Tensors(sub.TrainInputs, ds.TrainInputs.narrow(0, 0, 3)));
        Assert.Equal(ds.Source, sub.Source);
    }

    [Fact]
    public void Subset_is_independent_of_the_original()
    {
        Dataset ds = LoadTiny();
        using Dataset sub = ds.Subset(2, 1);

        ds.Dispose();

        Assert.Equal([0L, 1], sub.TrainLabels.data<long>().ToArray());
    }

    [Fact]
    public void Subset_larger_than_the_split_is_a_user_error_naming_the_field()
    {
        using Dataset ds = LoadTiny();

        var e = Assert.Throws<RewindUserException>(() => ds.Subset(5, 0));

        Assert.Contains("data.train_subset", e.Message);
        Assert.Contains("5", e.Message);
        Assert.Contains("4 training examples", e.Message);
    }

    [Fact]
    public void To_returns_an_independent_copy_on_the_device()
    {
        Dataset ds = LoadTiny();
        using Dataset copy = ds.To(torch.CPU);
        float before = copy.TrainInputs.flatten().data<float>()[0];

        ds.TrainInputs.zero_();
        ds.Dispose();

        Assert.Equal(DeviceType.CPU, copy.Device.type);
        Assert.NotEqual(0f, before);
        Assert.Equal(before, copy.TrainInputs.flatten().data<float>()[0]);
    }

    [Fact]
    public void Dispose_releases_the_tensors()
    {
        Dataset ds = LoadTiny();

        ds.Dispose();

        Assert.True(ds.TrainInputs.IsInvalid);
        Assert.True(ds.TestLabels.IsInvalid);
    }

    [Fact]
    public void Labels_outside_the_class_range_are_a_user_error_naming_the_file()
    {
        string dir = _files.WriteTinyDataset("bad", gzip: false);
        string labels = Path.Combine(dir, "train-labels-idx1-ubyte");
        File.WriteAllBytes(labels, IdxTestFiles.IdxBytes([4], [0, 1, 12, 3]));

        var e = Assert.Throws<RewindUserException>(() =>
            DataCatalog.LoadFrom("mnist", new DataSearchPaths(dir, null, null, _files.PathOf("none")), 0));

        Assert.Contains(labels, e.Message);
        Assert.Contains("12", e.Message);
    }

    [Fact]
    public void Image_and_label_counts_that_differ_are_a_user_error_naming_both_files()
    {
        string dir = _files.WriteTinyDataset("bad", gzip: false);
        string labels = Path.Combine(dir, "t10k-labels-idx1-ubyte");
        File.WriteAllBytes(labels, IdxTestFiles.IdxBytes([3], [0, 1, 2]));

        var e = Assert.Throws<RewindUserException>(() =>
            DataCatalog.LoadFrom("mnist", new DataSearchPaths(dir, null, null, _files.PathOf("none")), 0));

        Assert.Contains(labels, e.Message);
        Assert.Contains(Path.Combine(dir, "t10k-images-idx3-ubyte"), e.Message);
    }
}
