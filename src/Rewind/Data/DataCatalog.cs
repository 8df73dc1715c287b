using System.Globalization;
using Rewind.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>The registry of datasets by name: where their files are searched for, how to obtain them, and loading.</summary>
/// <remarks>
/// Search order for file-based datasets: the explicit folder (<c>--data DIR</c> / <c>data.dir</c>), the
/// <c>REWIND_DATA</c> folder, the user cache (<c>$XDG_CACHE_HOME/rewind/datasets/&lt;name&gt;</c>, default
/// <c>~/.cache/...</c>), then <c>/usr/share/datasets/&lt;name&gt;</c>. The first two may hold the files directly or in a
/// <c>&lt;name&gt;/</c> subfolder. Each IDX file may be gzip-compressed (<c>.gz</c>) or not. The CIFAR datasets' binary
/// files may lie directly in a candidate folder or in the folder their archive extracts to
/// (<c>cifar-10-batches-bin/</c>, <c>cifar-100-binary/</c>). Loading never downloads; <c>rewind data get NAME</c>
/// (<see cref="DatasetAcquirer"/>) does, into the user cache.
/// </remarks>
public static class DataCatalog
{
    /// <summary>The name of Fashion-MNIST (Zalando's 28×28 clothing images, 10 classes).</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>The name of MNIST (28×28 handwritten digits, 10 classes).</summary>
    public const string Mnist = "mnist";

    /// <summary>The name of the generated classification task (see <see cref="SyntheticData.Classification"/>).</summary>
    public const string Synthetic = "synthetic";

    /// <summary>The name of CIFAR-10 (32×32 colour images, 10 classes; binary version).</summary>
    public const string Cifar10 = "cifar10";

    /// <summary>The name of CIFAR-100 (32×32 colour images, 100 fine classes; binary version).</summary>
    public const string Cifar100 = "cifar100";

    /// <summary>The name of the generated CIFAR-shaped image task (see <see cref="SyntheticData.Images"/>).</summary>
    public const string SyntheticImages = "synthetic-images";

    /// <summary>The name of any torchvision <c>ImageFolder</c> tree given with <c>data.dir</c> (train/&lt;class&gt;/…, val/&lt;class&gt;/…).</summary>
    public const string ImageFolder = "imagefolder";

    /// <summary>The name of Tiny ImageNet (200 classes of 64×64 colour images; its own layout with validation annotations).</summary>
    public const string TinyImageNet = "tiny-imagenet";

    /// <summary>The name of ImageNet (ILSVRC-2012, 1000 classes) prepared as an <c>ImageFolder</c> tree; streamed from disk.</summary>
    public const string ImageNet = "imagenet";

    /// <summary>The four IDX files of an MNIST-format dataset, by their canonical (uncompressed) names.</summary>
    public static IReadOnlyList<string> IdxFileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Every dataset name accepted by <c>data.name</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [FashionMnist, Mnist, Synthetic, Cifar10, Cifar100, SyntheticImages, ImageFolder, TinyImageNet, ImageNet];

    /// <summary>The CIFAR-10 binary files: five training batches, then the test batch.</summary>
    public static IReadOnlyList<string> Cifar10FileNames { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

    /// <summary>The CIFAR-100 binary files: training set, then test set.</summary>
    public static IReadOnlyList<string> Cifar100FileNames { get; } = ["train.bin", "test.bin"];

    private sealed record IdxDefinition(string Name, int NumClasses, Normalization Normalization, string HowToObtain);

    /// <summary>A CIFAR dataset: its files (all but the last are training files), the subfolder its archive extracts to,
    /// and its record layout.</summary>
    private sealed record CifarDefinition(string Name, int NumClasses, IReadOnlyList<string> Files, string Subfolder,
        int LabelBytes, int LabelIndex, ChannelNormalization Normalization, string HowToObtain);

    private static readonly CifarDefinition[] CifarDatasets =
    [
        new(Cifar10, 10, Cifar10FileNames, "cifar-10-batches-bin", 1, 0, ChannelNormalization.Cifar10,
            CifarHowTo("CIFAR-10", "cifar-10-binary.tar.gz", "cifar-10-batches-bin", Cifar10)),
        new(Cifar100, 100, Cifar100FileNames, "cifar-100-binary", 2, 1, ChannelNormalization.Cifar100,
            CifarHowTo("CIFAR-100", "cifar-100-binary.tar.gz", "cifar-100-binary", Cifar100)),
    ];

    private static string CifarHowTo(string title, string archive, string folder, string name) =>
        $"Run `rewind data get {name}` (downloads the {title} binary version, {archive}, from the University of Toronto " +
        $"into the user cache), or with the archive at hand `rewind data get {name} --from {archive}`; or extract it " +
        $"yourself (tar xzf {archive} creates {folder}/) and pass --data DIR naming the folder that holds {folder}/ or " +
        $"its .bin files (or set data.dir or REWIND_DATA, or move {folder}/ into ~/.cache/rewind/datasets/{name}/).";

    private static readonly string FileList = string.Join(", ", IdxFileNames.Select(f => f + "[.gz]"));

    private static readonly IdxDefinition[] IdxDatasets =
    [
        new(FashionMnist, 10, Normalization.FashionMnist,
            "Run `rewind data get fashion-mnist` (as root it installs the Debian package dataset-fashion-mnist, otherwise " +
            "it downloads the files from Zalando Research), or as root `apt-get install dataset-fashion-mnist`; " +
            $"or place the four IDX files ({FileList}) in a folder and pass --data DIR."),
        new(Mnist, 10, Normalization.Mnist,
            "Run `rewind data get mnist` (downloads the four IDX files into the user cache); or place the four MNIST IDX " +
            $"files ({FileList}) in a folder and pass --data DIR (or set data.dir or REWIND_DATA, or copy them to " +
            "~/.cache/rewind/datasets/mnist)."),
    ];

    /// <summary>What to do to make the generated dataset available: nothing.</summary>
    private const string SyntheticHowTo = "Nothing to obtain: it is generated in memory from the run's seed.";

    /// <summary>The normalisation used for single-channel dataset <paramref name="name"/> (identity for generated data).</summary>
    /// <exception cref="ArgumentException">The dataset is normalised per channel (CIFAR): use <see cref="ChannelNormalizationOf"/>.</exception>
    public static Normalization NormalizationOf(string name)
    {
        if (Cifar(name) is not null || ImageDatasets.Contains(name))
        {
            throw new ArgumentException($"'{name}' is normalised per channel; use {nameof(ChannelNormalizationOf)}.", nameof(name));
        }

        return Definition(name)?.Normalization ?? Normalization.None;
    }

    /// <summary>The per-channel normalisation used for dataset <paramref name="name"/> with <paramref name="channels"/>
    /// channels (the gray datasets' one statistic repeated; identity for generated data).</summary>
    public static ChannelNormalization ChannelNormalizationOf(string name, int channels) =>
        ImageDatasets.Contains(name) ? ChannelNormalization.ImageNet :
        Cifar(name)?.Normalization ?? ChannelNormalization.Uniform(Definition(name)?.Normalization ?? Normalization.None, channels);

    /// <summary>True for the datasets whose examples are images [channels, height, width] (all but <c>synthetic</c>,
    /// whose examples are feature vectors), so convolutional models can be checked against them before any loading.</summary>
    public static bool HasImages(string name) => !string.Equals(name, Synthetic, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the datasets generated in memory from the run's seed (nothing to find or obtain).</summary>
    public static bool IsGenerated(string name) =>
        string.Equals(name, Synthetic, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(name, SyntheticImages, StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds dataset <paramref name="name"/> using this process's search paths and <paramref name="dataDir"/>.</summary>
    /// <exception cref="RewindUserException">The name is not in the catalog.</exception>
    public static DatasetLocation Locate(string name, string? dataDir) => LocateIn(name, DataSearchPaths.FromEnvironment(dataDir));

    /// <summary>Finds dataset <paramref name="name"/> in the given search paths.</summary>
    /// <exception cref="RewindUserException">The name is not in the catalog.</exception>
    public static DatasetLocation LocateIn(string name, DataSearchPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        string canonical = CheckName(name);
        if (IsGenerated(canonical))
        {
            return new DatasetLocation(canonical, true, null, [], SyntheticHowTo);
        }

        if (Cifar(canonical) is { } cifar)
        {
            return LocateCifar(cifar, paths);
        }

        if (ImageDatasets.Contains(canonical))
        {
            return ImageDatasets.Locate(canonical, paths);
        }

        IdxDefinition def = Definition(canonical)!;

        var searched = new List<string>();
        foreach (string folder in paths.CandidateFolders(canonical))
        {
            searched.Add(folder);
            if (ResolveFiles(folder) is not null)
            {
                return new DatasetLocation(canonical, true, folder, searched, def.HowToObtain);
            }
        }

        return new DatasetLocation(canonical, false, null, searched, def.HowToObtain);
    }

    /// <summary>Loads dataset <paramref name="name"/> (generating it from <paramref name="seed"/> when synthetic).</summary>
    /// <exception cref="RewindUserException">Unknown name, files not found (the message says where it looked and how
    /// to obtain them), or corrupt files.</exception>
    public static Dataset Load(string name, string? dataDir, int seed) => LoadFrom(name, DataSearchPaths.FromEnvironment(dataDir), seed);

    /// <summary>Loads dataset <paramref name="name"/>, preparing an image dataset as <paramref name="images"/> says
    /// (size, memory or disk).</summary>
    /// <exception cref="RewindUserException">Unknown name, files not found, or corrupt files.</exception>
    public static Dataset Load(string name, string? dataDir, int seed, ImageOptions images) =>
        LoadFrom(name, DataSearchPaths.FromEnvironment(dataDir), seed, images);

    /// <summary>Loads dataset <paramref name="name"/> from the given search paths (generating it when synthetic).</summary>
    /// <exception cref="RewindUserException">Unknown name, files not found, or corrupt files.</exception>
    public static Dataset LoadFrom(string name, DataSearchPaths paths, int seed) => LoadFrom(name, paths, seed, ImageOptions.Default);

    /// <summary>Loads dataset <paramref name="name"/> from the given search paths, preparing an image dataset as
    /// <paramref name="images"/> says.</summary>
    /// <exception cref="RewindUserException">Unknown name, files not found, or corrupt files.</exception>
    public static Dataset LoadFrom(string name, DataSearchPaths paths, int seed, ImageOptions images)
    {
        ArgumentNullException.ThrowIfNull(images);
        DatasetLocation location = LocateIn(name, paths);
        if (location.Name == Synthetic)
        {
            return SyntheticData.Classification(seed);
        }

        if (location.Name == SyntheticImages)
        {
            return SyntheticData.Images(seed);
        }

        if (!location.Found || location.Directory is null)
        {
            throw new RewindUserException(NotFoundMessage(location));
        }

        if (ImageDatasets.Contains(location.Name))
        {
            return ImageDatasets.Load(location.Name, location.Directory, images);
        }

        return Cifar(location.Name) is { } cifar
            ? LoadCifar(cifar, location.Directory)
            : LoadIdx(Definition(location.Name)!, location.Directory);
    }

    /// <summary>The full path of each of the four IDX files in <paramref name="folder"/> (uncompressed name preferred,
    /// then <c>.gz</c>), or null when any is missing.</summary>
    public static IReadOnlyList<string>? ResolveFiles(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        var files = new List<string>(IdxFileNames.Count);
        foreach (string file in IdxFileNames)
        {
            string? found = ResolveFile(folder, file);
            if (found is null)
            {
                return null;
            }

            files.Add(found);
        }

        return files;
    }

    /// <summary>The user message for a dataset that was not found: where it looked and how to obtain it.</summary>
    public static string NotFoundMessage(DatasetLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        CifarDefinition? cifar = Cifar(location.Name);
        bool images = ImageDatasets.Contains(location.Name);
        string files = images ? ImageDatasets.Files(location.Name)
            : cifar is null ? $"four IDX files ({FileList})" : $"binary files ({string.Join(", ", cifar.Files)})";
        var lines = new List<string>
        {
            $"Dataset '{location.Name}' was not found. Looked for its {files} in:",
        };
        foreach (string folder in location.Searched)
        {
            lines.Add($"  {folder}{(images ? ImageDatasets.Describe(location.Name, folder) : cifar is null ? Describe(folder) : DescribeCifar(cifar, folder))}");
        }

        lines.Add($"To obtain it: {location.HowToObtain}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Checks <paramref name="name"/> against the catalog and returns its canonical spelling.</summary>
    /// <exception cref="RewindUserException">The name is unknown; the message lists the valid names and the nearest one.</exception>
    public static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = name.Trim();
        string? exact = Names.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        string? nearest = NameSuggestion.Nearest(trimmed, Names);
        string hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        throw new RewindUserException(
            $"Unknown dataset '{name}' (data.name). Valid names: {string.Join(", ", Names)}.{hint}");
    }

    private static IdxDefinition? Definition(string name) =>
        IdxDatasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    private static CifarDefinition? Cifar(string name) =>
        CifarDatasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    private static DatasetLocation LocateCifar(CifarDefinition def, DataSearchPaths paths)
    {
        var searched = new List<string>();
        foreach (string candidate in paths.CandidateFolders(def.Name))
        {
            foreach (string folder in new[] { candidate, Path.Combine(candidate, def.Subfolder) })
            {
                searched.Add(folder);
                if (def.Files.All(f => File.Exists(Path.Combine(folder, f))))
                {
                    return new DatasetLocation(def.Name, true, folder, searched, def.HowToObtain);
                }
            }
        }

        return new DatasetLocation(def.Name, false, null, searched, def.HowToObtain);
    }

    private static string DescribeCifar(CifarDefinition def, string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return " (no such folder)";
        }

        var missing = def.Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        return missing.Count == def.Files.Count
            ? " (no CIFAR files)"
            : $" (incomplete: missing {string.Join(", ", missing)})";
    }

    private static Dataset LoadCifar(CifarDefinition def, string folder)
    {
        var paths = def.Files.Select(f => Path.Combine(folder, f)).ToList();
        CifarRecords train = CifarReader.ReadAll(paths.Take(paths.Count - 1).ToList(), def.LabelBytes, def.LabelIndex, def.NumClasses);
        CifarRecords test = CifarReader.Read(paths[^1], def.LabelBytes, def.LabelIndex, def.NumClasses);
        long[] inputShape = [CifarReader.Channels, CifarReader.Size, CifarReader.Size];
        using var scope = torch.NewDisposeScope();
        var result = new Dataset(def.Name, def.NumClasses, inputShape,
            def.Normalization.FromBytes(train.Pixels, [train.Count, .. inputShape]),
            CifarLabels(train.Labels),
            def.Normalization.FromBytes(test.Pixels, [test.Count, .. inputShape]),
            CifarLabels(test.Labels),
            folder)
        {
            Augmentation = new RandomCropFlip(def.Normalization),
        };
        result.TrainInputs.MoveToOuterDisposeScope();
        result.TrainLabels.MoveToOuterDisposeScope();
        result.TestInputs.MoveToOuterDisposeScope();
        result.TestLabels.MoveToOuterDisposeScope();
        return result;
    }

    private static Tensor CifarLabels(byte[] labels)
    {
        using var raw = torch.tensor(labels, [labels.Length], dtype: ScalarType.Byte);
        return raw.to_type(ScalarType.Int64);
    }

    private static string? ResolveFile(string folder, string canonical)
    {
        // Some mirrors spell "train-images-idx3-ubyte" as "train-images.idx3-ubyte".
        string dotted = canonical.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (string candidate in new[] { canonical, canonical + ".gz", dotted, dotted + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string Describe(string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return " (no such folder)";
        }

        var missing = IdxFileNames.Where(f => ResolveFile(folder, f) is null).ToList();
        return missing.Count == IdxFileNames.Count
            ? " (no IDX files)"
            : $" (incomplete: missing {string.Join(", ", missing)})";
    }

    private static Dataset LoadIdx(IdxDefinition def, string folder)
    {
        IReadOnlyList<string> files = ResolveFiles(folder)
            ?? throw new RewindUserException($"The files of dataset '{def.Name}' in '{folder}' disappeared while loading; check the folder.");

        IdxArray trainImages = IdxReader.Read(files[0]);
        IdxArray trainLabels = IdxReader.Read(files[1]);
        IdxArray testImages = IdxReader.Read(files[2]);
        IdxArray testLabels = IdxReader.Read(files[3]);
        CheckPair(files[0], trainImages, files[1], trainLabels, def.NumClasses);
        CheckPair(files[2], testImages, files[3], testLabels, def.NumClasses);
        if (trainImages.Shape[1] != testImages.Shape[1] || trainImages.Shape[2] != testImages.Shape[2])
        {
            throw new RewindUserException(
                $"IDX files '{files[0]}' and '{files[2]}' hold images of different sizes " +
                $"({trainImages.Shape[1]}×{trainImages.Shape[2]} vs {testImages.Shape[1]}×{testImages.Shape[2]}); " +
                "the files come from different datasets. Re-obtain the dataset.");
        }

        long[] inputShape = [1, trainImages.Shape[1], trainImages.Shape[2]];
        using var scope = torch.NewDisposeScope();
        var result = new Dataset(def.Name, def.NumClasses, inputShape,
            def.Normalization.FromBytes(trainImages.Data, [trainImages.Count, .. inputShape]),
            Labels(trainLabels),
            def.Normalization.FromBytes(testImages.Data, [testImages.Count, .. inputShape]),
            Labels(testLabels),
            folder);
        result.TrainInputs.MoveToOuterDisposeScope();
        result.TrainLabels.MoveToOuterDisposeScope();
        result.TestInputs.MoveToOuterDisposeScope();
        result.TestLabels.MoveToOuterDisposeScope();
        return result;
    }

    private static Tensor Labels(IdxArray labels)
    {
        using var raw = torch.tensor(labels.Data, [labels.Count], dtype: ScalarType.Byte);
        return raw.to_type(ScalarType.Int64);
    }

    private static void CheckPair(string imagePath, IdxArray images, string labelPath, IdxArray labels, int numClasses)
    {
        if (images.Shape.Length != 3)
        {
            throw new RewindUserException(
                $"IDX file '{imagePath}' has shape [{string.Join(", ", images.Shape)}]; an image file must have shape " +
                "[count, rows, columns]. The file is mislabelled or corrupt: re-obtain it.");
        }

        if (labels.Shape.Length != 1)
        {
            throw new RewindUserException(
                $"IDX file '{labelPath}' has shape [{string.Join(", ", labels.Shape)}]; a label file must have shape [count]. " +
                "The file is mislabelled or corrupt: re-obtain it.");
        }

        if (images.Count != labels.Count)
        {
            throw new RewindUserException(
                $"IDX files '{imagePath}' ({images.Count} images) and '{labelPath}' ({labels.Count} labels) do not match; " +
                "they come from different datasets or one is damaged. Re-obtain the dataset.");
        }

        int bad = Array.FindIndex(labels.Data, b => b >= numClasses);
        if (bad >= 0)
        {
            throw new RewindUserException(
                $"IDX file '{labelPath}' has label {labels.Data[bad].ToString(CultureInfo.InvariantCulture)} at index {bad}, " +
                $"outside 0..{numClasses - 1}. The file is corrupt or from another dataset: re-obtain it.");
        }
    }
}
