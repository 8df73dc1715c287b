using TorchSharp;

namespace Rewind.Data.Images;

/// <summary>
/// The image-file datasets of the catalog: <c>imagefolder</c> (any torchvision <c>ImageFolder</c> tree),
/// <c>tiny-imagenet</c> (Tiny ImageNet's own layout) and <c>imagenet</c> (ILSVRC-2012 as an <c>ImageFolder</c> tree).
/// All are normalised with ImageNet's channel statistics. <c>imagefolder</c> and <c>tiny-imagenet</c> are resized to
/// a fixed size and augmented like CIFAR (pad 4, random crop, horizontal flip); <c>imagenet</c> uses the ImageNet
/// recipe (random resized crop + flip for training, resize + centre crop for evaluation) and always streams.
/// </summary>
public static class ImageDatasets
{
    /// <summary>The largest decoded (float32) train + test size that <see cref="StreamMode.Auto"/> keeps in memory: 2 GiB.</summary>
    public const long MemoryBudgetBytes = 2L << 30;

    /// <summary>Pixels of padding of the pad-and-crop augmentation of the fixed-size image datasets (CIFAR's 4).</summary>
    public const int CropPadding = 4;

    private static readonly Definition[] All =
    [
        new(DataCatalog.ImageFolder, Layout.ImageFolder, 32, ImageNetRecipe: false, Subfolder: null,
            "Arrange the images as DIR/train/<class>/<image> and DIR/val/<class>/<image> (or DIR/test/...; JPEG, PNG, BMP, " +
            "GIF or WebP; one subfolder per class, the same class names in both), then pass --data DIR (or set data.dir). " +
            "Every image is resized (shorter side) and centre-cropped to data.image_size (default 32)."),
        new(DataCatalog.TinyImageNet, Layout.TinyImageNet, 64, ImageNetRecipe: false, TinyImageNetLayout.ArchiveFolder,
            "Run `rewind data get tiny-imagenet` (downloads tiny-imagenet-200.zip, 237 MB, and extracts it into the user " +
            "cache), or with the archive at hand `rewind data get tiny-imagenet --from tiny-imagenet-200.zip`, or extract " +
            "it yourself and pass --data DIR naming tiny-imagenet-200/ or the folder holding it."),
        new(DataCatalog.ImageNet, Layout.ImageFolder, 224, ImageNetRecipe: true, Subfolder: null,
            "ImageNet (ILSVRC-2012) cannot be downloaded by Rewind: it needs an account at image-net.org. Download " +
            "ILSVRC2012_img_train.tar and ILSVRC2012_img_val.tar there, extract the training images into DIR/train/<wnid>/ " +
            "(one tar per class) and move the 50,000 validation images into DIR/val/<wnid>/ (the usual preparation, e.g. " +
            "the valprep.sh script of the PyTorch examples), then pass --data DIR."),
    ];

    private enum Layout
    {
        ImageFolder,
        TinyImageNet,
    }

    /// <summary>The catalog names of the image datasets.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    /// <summary>Whether <paramref name="name"/> is one of the image datasets (case-insensitive).</summary>
    public static bool Contains(string name) => Find(name) is not null;

    /// <summary>What the user does to make image dataset <paramref name="name"/> available.</summary>
    public static string HowToObtain(string name) => Get(name).HowToObtain;

    /// <summary>Looks for image dataset <paramref name="name"/> in each candidate folder (and, for Tiny ImageNet, the
    /// folder its archive extracts to inside it).</summary>
    public static DatasetLocation Locate(string name, DataSearchPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Definition def = Get(name);
        var searched = new List<string>();
        foreach (string candidate in paths.CandidateFolders(def.Name))
        {
            string[] folders = def.Subfolder is null ? [candidate] : [candidate, Path.Combine(candidate, def.Subfolder)];
            foreach (string folder in folders)
            {
                searched.Add(folder);
                if (Matches(def, folder))
                {
                    return new DatasetLocation(def.Name, true, folder, searched, def.HowToObtain);
                }
            }
        }

        return new DatasetLocation(def.Name, false, null, searched, def.HowToObtain);
    }

    /// <summary>What the files of image dataset <paramref name="name"/> look like, for "not found" messages.</summary>
    public static string Files(string name) => Get(name).Layout == Layout.TinyImageNet
        ? $"Tiny ImageNet files ({TinyImageNetLayout.ClassFile}, train/<wnid>/images/, {TinyImageNetLayout.AnnotationFile})"
        : "image folders (train/<class>/<images> and val/<class>/<images> or test/<class>/<images>)";

    /// <summary>Why <paramref name="folder"/> does not hold image dataset <paramref name="name"/>, for "not found" messages.</summary>
    public static string Describe(string name, string folder)
    {
        if (!Directory.Exists(folder)) return " (no such folder)";
        return Get(name).Layout == Layout.TinyImageNet
            ? $" (no {TinyImageNetLayout.ClassFile}, train/ and {TinyImageNetLayout.AnnotationFile})"
            : Directory.Exists(Path.Combine(folder, ImageFolderLayout.TrainFolder)) ? " (no val/ or test/ folder)" : " (no train/ folder)";
    }

    /// <summary>
    /// Loads image dataset <paramref name="name"/> from <paramref name="folder"/>: lists its files, then either decodes
    /// every image once into tensors or returns a streamed dataset (<see cref="StreamMode"/>). Either way each training
    /// batch is augmented (<see cref="Dataset.Augmentation"/>; <c>data.augment: false</c> removes it).
    /// </summary>
    /// <exception cref="RewindUserException">The layout is wrong, an image is damaged (memory mode decodes them all
    /// now; disk mode reports one when its batch is taken), or memory mode is asked of a set it cannot hold.</exception>
    public static Dataset Load(string name, string folder, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        Definition def = Get(name);
        if (options.ImageSize < 0)
            throw new RewindUserException($"data.image_size = {options.ImageSize} is negative; use a size in pixels, or 0 for {def.Name}'s own ({def.DefaultSize}).");
        var (classes, train, test) = def.Layout == Layout.TinyImageNet ? TinyImageNetLayout.Scan(folder) : ImageFolderLayout.Scan(folder);
        int size = options.ImageSize > 0 ? options.ImageSize : def.DefaultSize;
        var transform = def.ImageNetRecipe ? ImageTransform.ImageNet(size) : ImageTransform.Fixed(size);
        var normalization = ChannelNormalization.ImageNet;
        var trainFiles = new ImageFiles(train.Paths, train.Labels, transform, normalization);
        var testFiles = new ImageFiles(test.Paths, test.Labels, transform, normalization);
        var augmentation = new RandomCropFlip(normalization, def.ImageNetRecipe ? 0 : CropPadding);

        long decodedBytes = (long)(train.Count + test.Count) * RgbImage.Channels * size * size * sizeof(float);
        bool stream = options.Stream switch
        {
            StreamMode.Disk => true,
            StreamMode.Memory when def.ImageNetRecipe => throw new RewindUserException(
                $"data.stream: memory is not possible for {def.Name}: every training step crops the full-size images anew " +
                "(random resized crop). Use data.stream: disk (or auto)."),
            StreamMode.Memory => false,
            _ => def.ImageNetRecipe || decodedBytes > MemoryBudgetBytes,
        };
        if (stream)
        {
            return new Dataset(def.Name, classes.Count, trainFiles, testFiles, folder) { Augmentation = augmentation };
        }

        long exampleBytes = (long)RgbImage.Channels * size * size;
        if (Math.Max(train.Count, test.Count) * exampleBytes > Array.MaxLength)
        {
            throw new RewindUserException(
                $"data.stream: memory cannot hold {def.Name} at {size}×{size} ({train.Count} training images of {exampleBytes} " +
                "bytes exceed one buffer). Use data.stream: disk or auto, or a smaller data.image_size.");
        }

        using var scope = torch.NewDisposeScope();
        long[] shape = trainFiles.ExampleShape;
        var trainX = normalization.FromBytes(trainFiles.DecodeBytes(Indices(train.Count)), [train.Count, .. shape]);
        var testX = normalization.FromBytes(testFiles.DecodeBytes(Indices(test.Count)), [test.Count, .. shape]);
        var dataset = new Dataset(def.Name, classes.Count, shape, trainX, trainFiles.LabelTensor(), testX, testFiles.LabelTensor(), folder)
        {
            Augmentation = augmentation,
        };
        dataset.TrainInputs.MoveToOuterDisposeScope();
        dataset.TrainLabels.MoveToOuterDisposeScope();
        dataset.TestInputs.MoveToOuterDisposeScope();
        dataset.TestLabels.MoveToOuterDisposeScope();
        return dataset;
    }

    private static long[] Indices(int count) => Enumerable.Range(0, count).Select(i => (long)i).ToArray();

    private static bool Matches(Definition def, string folder) =>
        def.Layout == Layout.TinyImageNet ? TinyImageNetLayout.Matches(folder) : ImageFolderLayout.Matches(folder);

    private static Definition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    private static Definition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not an image dataset.", nameof(name));

    private sealed record Definition(string Name, Layout Layout, int DefaultSize, bool ImageNetRecipe, string? Subfolder, string HowToObtain);
}
