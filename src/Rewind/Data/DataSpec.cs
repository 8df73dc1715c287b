namespace Rewind.Data;

/// <summary>Which dataset and how much of it.</summary>
public sealed record DataSpec
{
    [Help("Dataset (`rewind data list` says where each was found or how to obtain it).")]
    [Choices(typeof(DataCatalog), nameof(DataCatalog.Names))]
    public string Name { get; init; } = "fashion-mnist";

    [Help("Folder holding the dataset files; empty = search REWIND_DATA, the user cache and /usr/share/datasets.")]
    public string Dir { get; init; } = "";

    [Help("Use only the first N training examples (0 = all).")]
    [Range(0, int.MaxValue)]
    public int TrainSubset { get; init; }

    [Help("Use only the first N test examples (0 = all).")]
    [Range(0, int.MaxValue)]
    public int TestSubset { get; init; }

    [Help("Apply the dataset's training augmentation where it has one (cifar10, cifar100, synthetic-images, imagefolder, " +
          "tiny-imagenet: random crop of the image padded by 4 black pixels + horizontal flip; imagenet: random resized crop + " +
          "horizontal flip; seeded per batch); false = train on the stored images (imagenet: resize + centre crop).")]
    public bool Augment { get; init; } = true;

    [Help("Hold out N training examples (chosen by the run's seed, after train_subset) as a validation set: levels then report validation accuracy and the early-stop test accuracy, and the Oracle picks peaks by it (0 = no validation set).")]
    [Range(0, int.MaxValue)]
    public int Validation { get; init; }

    [Help("Image datasets (imagefolder, tiny-imagenet, imagenet): height and width of every example in pixels; 0 = the dataset's own (32, 64, 224).")]
    [Range(0, 4096)]
    public int ImageSize { get; init; }

    [Help("Image datasets: memory decodes every image once when the run starts; disk decodes each batch's images as it is taken (in parallel); auto picks memory when the decoded set fits 2 GiB (imagenet always streams). Results are the same either way.")]
    [Choices(typeof(Images.ImageOptions), nameof(Images.ImageOptions.StreamNames))]
    public string Stream { get; init; } = "auto";
}
