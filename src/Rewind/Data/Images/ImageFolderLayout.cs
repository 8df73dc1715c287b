namespace Rewind.Data.Images;

/// <summary>
/// torchvision's <c>ImageFolder</c> layout: <c>root/train/&lt;class&gt;/&lt;image&gt;</c> and
/// <c>root/val/&lt;class&gt;/&lt;image&gt;</c> (or <c>root/test/...</c>). Classes are the training subfolders sorted by
/// ordinal name, numbered from 0 as torchvision numbers them; images are the files with an
/// <see cref="ImageDecoder.Extensions"/> extension anywhere below a class folder, sorted by path. ILSVRC-2012 prepared
/// the usual way (validation images moved into class folders) has this layout.
/// </summary>
public static class ImageFolderLayout
{
    /// <summary>The training folder's name.</summary>
    public const string TrainFolder = "train";

    /// <summary>The evaluation folder's names, in the order they are looked for.</summary>
    public static IReadOnlyList<string> TestFolders { get; } = ["val", "test"];

    /// <summary>Whether <paramref name="root"/> has a <c>train/</c> folder and a <c>val/</c> or <c>test/</c> folder.</summary>
    public static bool Matches(string root) =>
        Directory.Exists(Path.Combine(root, TrainFolder)) && TestFolder(root) is not null;

    /// <summary>The evaluation folder of <paramref name="root"/> (<c>val</c> preferred), or null.</summary>
    public static string? TestFolder(string root) =>
        TestFolders.Select(f => Path.Combine(root, f)).FirstOrDefault(Directory.Exists);

    /// <summary>Lists the classes and both splits' files.</summary>
    /// <exception cref="RewindUserException">A folder is missing, the training folder has no class folder with
    /// images, or the evaluation folder has a class the training folder lacks.</exception>
    public static (IReadOnlyList<string> Classes, LabelledFiles Train, LabelledFiles Test) Scan(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        string train = Path.Combine(root, TrainFolder);
        string? test = TestFolder(root);
        if (!Directory.Exists(train) || test is null)
        {
            throw new RewindUserException(
                $"'{root}' is not an image folder: it needs {TrainFolder}/<class>/<images> and val/<class>/<images> (or test/). " +
                "Arrange the images that way, one subfolder per class, or point data.dir at the folder that holds train/.");
        }

        string[] classes = ClassFolders(train);
        if (classes.Length == 0)
            throw new RewindUserException($"'{train}' has no class subfolders: put each class's images in {train}/<class>/.");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var trainFiles = classes.Select(c => Images(Path.Combine(train, c))).ToArray();
        var empty = classes.Where((_, i) => trainFiles[i].Count == 0).ToList();
        if (empty.Count > 0)
        {
            throw new RewindUserException(
                $"Class folder(s) {string.Join(", ", empty.Take(5).Select(c => $"'{Path.Combine(train, c)}'"))} hold no images " +
                $"({string.Join(", ", ImageDecoder.Extensions)}). Add images or remove the folder.");
        }

        var testFiles = classes.Select(_ => (IReadOnlyList<string>)[]).ToArray();
        foreach (string c in ClassFolders(test))
        {
            if (!index.TryGetValue(c, out int label))
            {
                throw new RewindUserException(
                    $"'{Path.Combine(test, c)}' is a class the training folder '{train}' does not have. Every evaluation class " +
                    "needs training images: add the folder to train/ or remove it from the evaluation folder.");
            }

            testFiles[label] = Images(Path.Combine(test, c));
        }

        var testSet = LabelledFiles.Interleave(testFiles);
        if (testSet.Count == 0)
            throw new RewindUserException($"'{test}' holds no images in class subfolders: put each class's evaluation images in {test}/<class>/.");
        return (classes, LabelledFiles.Interleave(trainFiles), testSet);
    }

    private static string[] ClassFolders(string folder) =>
        Directory.GetDirectories(folder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static List<string> Images(string classFolder) =>
        Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
            .Where(ImageDecoder.IsImageFile)
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
