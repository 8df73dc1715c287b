using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

public sealed class FashionMnistTests
{
    private const string SystemFolder = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void Installed_fashion_mnist_loads_with_standard_shapes_labels_and_normalisation()
    {
        if (!Directory.Exists(SystemFolder))
        {
            Console.WriteLine($"Skipped: {SystemFolder} is absent (apt-get install dataset-fashion-mnist).");
            return;
        }

        var paths = new DataSearchPaths(null, null, null, DataSearchPaths.DefaultSystemRoot);
        using Dataset ds = DataCatalog.LoadFrom("fashion-mnist", paths, seed: 0);
        using var scope = torch.NewDisposeScope();

        Assert.Equal("fashion-mnist", ds.Name);
        Assert.Equal(SystemFolder, ds.Source);
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
}
