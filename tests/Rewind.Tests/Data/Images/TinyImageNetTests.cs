using Rewind.Data;
using Rewind.Data.Images;

namespace Rewind.Tests.Data.Images;

public sealed class TinyImageNetTests : IDisposable
{
    private static readonly string[] Wnids = ["n02124075", "n01443537", "n09193705"]; // wnids.txt is not sorted
    private readonly TempDir _tmp = new();

    public TinyImageNetTests() =>
        ImageTestFiles.WriteTinyImageNet(_tmp["x/tiny-imagenet-200"], Wnids, trainPerClass: 3, valPerClass: 2, size: 16);

    public void Dispose() => _tmp.Dispose();

    private DataSearchPaths Paths() => new(_tmp["x"], null, _tmp["cache"], _tmp["system"]);

    [Fact]
    public void The_archive_folder_is_found_inside_the_given_folder_and_validation_labels_come_from_the_annotations()
    {
        var location = DataCatalog.LocateIn(DataCatalog.TinyImageNet, Paths());
        Assert.True(location.Found);
        Assert.Equal(_tmp["x/tiny-imagenet-200"], location.Directory);

        var (classes, train, test) = TinyImageNetLayout.Scan(location.Directory!);

        Assert.Equal(["n01443537", "n02124075", "n09193705"], classes);
        Assert.Equal([0L, 1, 2, 0, 1, 2, 0, 1, 2], train.Labels);
        Assert.Equal(6, test.Count);
        // val_0 belongs to n02124075 (label 1), val_1 to n01443537 (label 0): each file keeps its annotated class.
        int at = test.Paths.ToList().FindIndex(p => p.EndsWith("val_0.JPEG", StringComparison.Ordinal));
        Assert.Equal(1, test.Labels[at]);
        at = test.Paths.ToList().FindIndex(p => p.EndsWith("val_1.JPEG", StringComparison.Ordinal));
        Assert.Equal(0, test.Labels[at]);
    }

    [Fact]
    public void Loads_at_its_own_size_with_the_crop_and_flip_augmentation()
    {
        using var ds = DataCatalog.LoadFrom(DataCatalog.TinyImageNet, Paths(), 0, new ImageOptions(0, StreamMode.Auto));

        Assert.Equal([3L, 64, 64], ds.InputShape); // the 16-pixel test images are resized to Tiny ImageNet's 64
        Assert.Equal(3, ds.NumClasses);
        Assert.Equal(9, ds.TrainCount);
        Assert.Equal(6, ds.TestCount);
        Assert.Equal("random crop with 4-pixel padding + horizontal flip", ds.Augmentation!.Description);
    }

    [Fact]
    public void An_annotation_naming_an_unknown_class_is_a_user_error_naming_the_file_and_line()
    {
        string annotations = _tmp["x/tiny-imagenet-200/val/val_annotations.txt"];
        var lines = File.ReadAllLines(annotations);
        lines[2] = lines[2].Replace(Wnids[2], "n99999999", StringComparison.Ordinal);
        File.WriteAllLines(annotations, lines);

        var e = Assert.Throws<RewindUserException>(() => TinyImageNetLayout.Scan(_tmp["x/tiny-imagenet-200"]));

        Assert.Contains(annotations, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("n99999999", e.Message);
    }

    [Fact]
    public void A_corrupt_training_image_is_a_user_error_naming_the_file()
    {
        string bad = _tmp["x/tiny-imagenet-200/train/n09193705/images/n09193705_1.JPEG"];
        byte[] bytes = File.ReadAllBytes(bad);
        File.WriteAllBytes(bad, bytes.AsSpan(0, bytes.Length / 3).ToArray());

        var e = Assert.Throws<RewindUserException>(() =>
            DataCatalog.LoadFrom(DataCatalog.TinyImageNet, Paths(), 0, new ImageOptions(0, StreamMode.Memory)));

        Assert.Contains(bad, e.Message);
    }
}
