using Rewind.Data;
using Rewind.Data.Images;
using Rewind.Tests.Data;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data.Images;

public sealed class ImageFolderTests : IDisposable
{
    private static readonly string[] Classes = ["cat", "ant", "bee"]; // folder order on disk is not class order
    private readonly TempDir _tmp = new();

    public ImageFolderTests() => ImageTestFiles.WriteImageFolder(_tmp["set"], Classes, trainPerClass: 4, testPerClass: 2);

    public void Dispose() => _tmp.Dispose();

    private DataSearchPaths Paths(string? dir = null) => new(dir ?? _tmp["set"], null, _tmp["cache"], _tmp["system"]);

    private Dataset Load(StreamMode mode, int size = 8) =>
        DataCatalog.LoadFrom(DataCatalog.ImageFolder, Paths(), 0, new ImageOptions(size, mode));

    [Fact]
    public void Classes_are_numbered_in_sorted_order_and_examples_interleave_them()
    {
        var (classes, train, test) = ImageFolderLayout.Scan(_tmp["set"]);

        Assert.Equal(["ant", "bee", "cat"], classes);
        Assert.Equal(12, train.Count);
        Assert.Equal([0L, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], train.Labels);
        Assert.EndsWith(Path.Combine("train", "ant", "img000.png"), train.Paths[0]);
        Assert.EndsWith(Path.Combine("train", "cat", "img001.jpg"), train.Paths[5]);
        Assert.Equal([0L, 1, 2, 0, 1, 2], test.Labels);
    }

    [Fact]
    public void The_catalog_finds_the_folder_and_loads_it_into_memory_at_the_requested_size()
    {
        Assert.True(DataCatalog.LocateIn(DataCatalog.ImageFolder, Paths()).Found);
        using var ds = Load(StreamMode.Auto);

        Assert.False(ds.IsStreamed);
        Assert.Equal(3, ds.NumClasses);
        Assert.Equal([3L, 8, 8], ds.InputShape);
        Assert.Equal([12L, 3, 8, 8], ds.TrainInputs.shape);
        Assert.Equal(6, ds.TestCount);
        Assert.Equal(4, ds.Augmentation!.Padding);
        // Class 0 images are red: after ImageNet normalisation red is well above blue in every example of class 0.
        using var first = ds.TrainInputs[0];
        Assert.True(first[0].mean().item<float>() > first[2].mean().item<float>() + 1);
    }

    [Fact]
    public void A_test_folder_is_accepted_when_there_is_no_val_folder()
    {
        ImageTestFiles.WriteImageFolder(_tmp["t"], ["a", "b"], 1, 1, testFolder: "test");

        var (_, _, test) = ImageFolderLayout.Scan(_tmp["t"]);

        Assert.Equal(2, test.Count);
        Assert.Contains($"{Path.DirectorySeparatorChar}test{Path.DirectorySeparatorChar}", test.Paths[0]);
    }

    [Fact]
    public void Streaming_from_disk_gives_the_same_batches_and_evaluation_as_memory()
    {
        using var memory = Load(StreamMode.Memory);
        using var disk = Load(StreamMode.Disk);
        Assert.True(disk.IsStreamed);
        Assert.Throws<InvalidOperationException>(() => disk.TrainInputs);
        using var perm = Batches.EpochPermutation(memory.TrainCount, seed: 3, level: 1, epoch: 2);

        for (long b = 0; b < Batches.BatchesPerEpoch(memory.TrainCount, 5); b++)
        {
            var (mx, my) = Batches.Take(memory, perm, b, 5, seed: 3, level: 1, epoch: 2);
            var (dx, dy) = Batches.Take(disk, perm, b, 5, seed: 3, level: 1, epoch: 2);
            using (mx) using (my) using (dx) using (dy)
            {
                Assert.True(Same.Tensors(mx, dx), $"batch {b} differs");
                Assert.True(Same.Tensors(my, dy));
            }
        }

        using var model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 3));
        Assert.Equal(Evaluator.Evaluate(model, memory.TestInputs, memory.TestLabels, 4), Evaluator.Evaluate(model, disk, DataSplit.Test, 4));
    }

    [Fact]
    public void Subset_and_hold_out_of_a_streamed_set_match_the_in_memory_ones()
    {
        using var memory = Load(StreamMode.Memory);
        using var disk = Load(StreamMode.Disk);
        using var ms = memory.Subset(9, 3);
        using var ds = disk.Subset(9, 3);
        using var mh = ms.HoldOut(4, seed: 5);
        using var dh = ds.HoldOut(4, seed: 5);

        Assert.Equal(5, dh.TrainCount);
        Assert.Equal(4, dh.ValidationCount);
        Assert.Equal(3, dh.TestCount);
        Assert.Same(disk.Augmentation, dh.Augmentation);
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test })
        {
            var (mx, my) = mh.Slice(split, 0, mh.Count(split));
            var (dx, dy) = dh.Slice(split, 0, dh.Count(split));
            using (mx) using (my) using (dx) using (dy)
            {
                Assert.True(Same.Tensors(mx, dx), split.ToString());
                Assert.True(Same.Tensors(my, dy), split.ToString());
            }
        }
    }

    [Fact]
    public void A_corrupt_image_is_a_user_error_naming_the_file_when_loaded_or_when_its_batch_is_decoded()
    {
        string bad = Path.Combine(_tmp["set"], "train", "bee", "img002.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]);

        var e = Assert.Throws<RewindUserException>(() => Load(StreamMode.Memory));
        Assert.Contains(bad, e.Message);

        using var disk = Load(StreamMode.Disk); // listing files does not decode them
        using var order = torch.arange(disk.TrainCount, dtype: ScalarType.Int64);
        var streamed = Assert.Throws<RewindUserException>(() => Batches.Take(disk, order, 0, (int)disk.TrainCount, 0, 0, 0));
        Assert.Contains(bad, streamed.Message);
    }

    [Fact]
    public void Layout_mistakes_are_user_errors_that_say_what_is_missing()
    {
        Directory.CreateDirectory(_tmp["novalid/train/a"]);
        var missing = DataCatalog.LocateIn(DataCatalog.ImageFolder, Paths(_tmp["novalid"]));
        Assert.False(missing.Found);
        Assert.Contains("no val/ or test/ folder", DataCatalog.NotFoundMessage(missing));

        Directory.CreateDirectory(Path.Combine(_tmp["set"], "val", "wasp"));
        var e = Assert.Throws<RewindUserException>(() => ImageFolderLayout.Scan(_tmp["set"]));
        Assert.Contains("wasp", e.Message);
    }

    [Fact]
    public void Memory_mode_is_refused_for_imagenet_whose_crops_need_the_full_images()
    {
        var paths = new DataSearchPaths(_tmp["set"], null, null, _tmp["system"]);

        var e = Assert.Throws<RewindUserException>(() =>
            DataCatalog.LoadFrom(DataCatalog.ImageNet, paths, 0, new ImageOptions(8, StreamMode.Memory)));

        Assert.Contains("data.stream", e.Message);
    }

    [Fact]
    public void ImageNet_recipe_streams_random_resized_crops_that_depend_only_on_seed_level_epoch_and_batch()
    {
        var paths = new DataSearchPaths(_tmp["set"], null, null, _tmp["system"]);
        using var ds = DataCatalog.LoadFrom(DataCatalog.ImageNet, paths, 0, new ImageOptions(8, StreamMode.Auto));
        Assert.True(ds.IsStreamed);
        Assert.Equal(0, ds.Augmentation!.Padding); // flip only: the crop happens while decoding
        using var perm = Batches.EpochPermutation(ds.TrainCount, 0, 0, 0);

        Tensor Batch(int epoch, long b) => Batches.Take(ds, perm, b, 6, seed: 0, level: 0, epoch: epoch).Inputs;
        using var a = Batch(0, 1);
        using var again = Batch(0, 1);
        using var otherEpoch = Batch(1, 1);
        var (plain, _) = Batches.Take(ds, perm, 1, 6);
        using var _plain = plain;

        Assert.Equal([6L, 3, 8, 8], a.shape);
        Assert.True(Same.Tensors(a, again));
        Assert.False(Same.Tensors(a, otherEpoch));
        Assert.False(Same.Tensors(a, plain));
    }
}
