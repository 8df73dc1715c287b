namespace Rewind.Data.Images;

/// <summary>
/// Tiny ImageNet's own layout (Le &amp; Yang 2015; <c>tiny-imagenet-200.zip</c> as published): <c>wnids.txt</c> lists the
/// 200 class ids; <c>train/&lt;wnid&gt;/images/*.JPEG</c> (500 per class); <c>val/images/*.JPEG</c> labelled by
/// <c>val/val_annotations.txt</c> (tab-separated: file, wnid, box). The unlabelled <c>test/</c> is not used: as in the
/// papers, the validation set is the evaluation set. Classes are numbered in ordinal order of their wnids, as
/// <c>ImageFolder</c> would number the same data laid out in class folders.
/// </summary>
public static class TinyImageNetLayout
{
    /// <summary>The folder the published archive extracts to.</summary>
    public const string ArchiveFolder = "tiny-imagenet-200";

    /// <summary>The class list file.</summary>
    public const string ClassFile = "wnids.txt";

    /// <summary>The validation labels, relative to the root.</summary>
    public static string AnnotationFile { get; } = Path.Combine("val", "val_annotations.txt");

    /// <summary>Whether <paramref name="root"/> has wnids.txt, train/ and val/val_annotations.txt.</summary>
    public static bool Matches(string root) =>
        File.Exists(Path.Combine(root, ClassFile)) && Directory.Exists(Path.Combine(root, "train")) &&
        File.Exists(Path.Combine(root, AnnotationFile));

    /// <summary>Lists the classes and both splits' files.</summary>
    /// <exception cref="RewindUserException">A file is missing or malformed; the message names it and the line.</exception>
    public static (IReadOnlyList<string> Classes, LabelledFiles Train, LabelledFiles Test) Scan(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        string classFile = Path.Combine(root, ClassFile);
        string annotations = Path.Combine(root, AnnotationFile);
        if (!Matches(root))
        {
            throw new RewindUserException(
                $"'{root}' is not a Tiny ImageNet folder: it needs {ClassFile}, train/<wnid>/images/ and {AnnotationFile}. " +
                $"Extract tiny-imagenet-200.zip (it creates {ArchiveFolder}/) and point data.dir at that folder, or run " +
                "`rewind data get tiny-imagenet`.");
        }

        string[] classes = ReadLines(classFile).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
            throw new RewindUserException($"'{classFile}' lists no class ids; re-extract the Tiny ImageNet archive.");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);

        var train = new IReadOnlyList<string>[classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            string folder = Path.Combine(root, "train", classes[i], "images");
            if (!Directory.Exists(folder))
                throw new RewindUserException($"Tiny ImageNet class '{classes[i]}' (listed in '{classFile}') has no folder '{folder}'; re-extract the archive.");
            train[i] = Directory.EnumerateFiles(folder).Where(ImageDecoder.IsImageFile).Order(StringComparer.Ordinal).ToList();
            if (train[i].Count == 0)
                throw new RewindUserException($"'{folder}' holds no images; re-extract the Tiny ImageNet archive.");
        }

        var test = classes.Select(_ => new List<string>()).ToArray();
        string[] lines = ReadLines(annotations);
        for (int n = 0; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            string[] fields = lines[n].Split('\t');
            if (fields.Length < 2)
                throw new RewindUserException($"'{annotations}' line {n + 1} is not 'file<TAB>wnid<TAB>...': \"{lines[n]}\". Re-extract the archive.");
            if (!index.TryGetValue(fields[1].Trim(), out int label))
                throw new RewindUserException($"'{annotations}' line {n + 1} names class '{fields[1]}', which '{classFile}' does not list. Re-extract the archive.");
            string image = Path.Combine(root, "val", "images", fields[0].Trim());
            if (!File.Exists(image))
                throw new RewindUserException($"'{annotations}' line {n + 1} names '{image}', which does not exist. Re-extract the archive.");
            test[label].Add(image);
        }

        foreach (var list in test) list.Sort(StringComparer.Ordinal);
        var testSet = LabelledFiles.Interleave(test);
        if (testSet.Count == 0)
            throw new RewindUserException($"'{annotations}' labels no image; re-extract the Tiny ImageNet archive.");
        return (classes, LabelledFiles.Interleave(train), testSet);
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"'{path}' could not be read: {e.Message}");
        }
    }
}
