using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

public sealed class FashionMnistTests
{
    [FashionMnistFact]
    public void Installed_fashion_mnist_loads_with_standard_shapes_labels_and_normalisation()
    {
        var paths = new DataSearchPaths(null, null, null, DataSearchPaths.DefaultSystemRoot);
        using Dataset ds = DataCatalog.LoadFrom("fashion-mnist", paths, seed: 0);
        using var scope = torch.NewDisposeScope();

        Assert.Equal("fashion-mnist", ds.Name);
        Assert.Equal(FashionMnistFactAttribute.SystemFolder, ds.Source);
        Assert.Equal(10, ds.NumClasses);
        Assert.Equal([1L, 28, 28], ds.InputShape);
        Assert.Equal([60000L, 1, 28, 28], ds.TrainInputs.shape);
        Assert.Equal([10000L, 1, 28, 28], ds.TestInputs.shape);
        Assert.Equal(60000, ds.TrainCount);
        Assert.Equal(10000, ds.TestCount);
        Assert.Equal(ScalarType.Float32, ds.TrainInputs.dtype);
        Assert.Equal(ScalarType.Int64, ds.TrainLabels.dtype);
        Assert.Equal(0, ds.TrainLabels.min().item<long>());
        Assert.Equal(9, ds.TrainLabels.max().item<long>());
        Assert.Equal(0, ds.TestLabels.min().item<long>());
        Assert.Equal(9, ds.TestLabels.max().item<long>());
        // Fashion-MNIST is balanced: 6000 training images per class.
        Assert.All(ds.TrainLabels.bincount(null).data<long>().ToArray(), c => Assert.Equal(6000, c));

        double mean = ds.TrainInputs.mean().item<float>();
        double std = ds.TrainInputs.std().item<float>();
        Assert.True(Math.Abs(mean) < 0.01, $"mean {mean}");
        Assert.True(Math.Abs(std - 1) < 0.02, $"std {std}");
    }

    [Fact]
    public void The_fact_attribute_skips_with_the_reason_when_the_files_are_absent_and_runs_when_present()
    {
        using var tmp = new TempDir();
        string reason = Assert.IsType<string>(FashionMnistFactAttribute.SkipReason(tmp.Path));
        Assert.Contains(tmp.Path, reason, StringComparison.Ordinal);
        Assert.Contains("./rewind data get fashion-mnist", reason, StringComparison.Ordinal);

        foreach (string file in DataCatalog.IdxFileNames.Skip(1)) File.WriteAllBytes(tmp[file + ".gz"], []);
        Assert.NotNull(FashionMnistFactAttribute.SkipReason(tmp.Path)); // three of four files are not enough
        File.WriteAllBytes(tmp[DataCatalog.IdxFileNames[0]], []);
        Assert.Null(FashionMnistFactAttribute.SkipReason(tmp.Path));

        var nowhere = DataCatalog.LocateIn(DataCatalog.FashionMnist, new DataSearchPaths(null, null, null, tmp["none"]));
        Assert.Contains(tmp["none"], FashionMnistFactAttribute.SkipReason(nowhere), StringComparison.Ordinal);
        Assert.Null(FashionMnistFactAttribute.SkipReason(DataCatalog.LocateIn(DataCatalog.FashionMnist, new DataSearchPaths(tmp.Path, null, null, tmp["none"]))));
    }
}
