namespace Rewind.Data.Images;

/// <summary>The image files of one split with their class labels, ordered round-robin over the classes (the first
/// file of every class, then the second of every class, ...), so that the first N examples
/// (<c>data.train_subset</c>, <c>data.test_subset</c>) cover every class rather than only the first ones.</summary>
/// <param name="Paths">The files, in example order.</param>
/// <param name="Labels">The class of each file.</param>
public sealed record LabelledFiles(IReadOnlyList<string> Paths, IReadOnlyList<long> Labels)
{
    /// <summary>The number of files.</summary>
    public int Count => Paths.Count;

    /// <summary>Interleaves per-class file lists (index = label; each list in its own order) round-robin.</summary>
    public static LabelledFiles Interleave(IReadOnlyList<IReadOnlyList<string>> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        var paths = new List<string>();
        var labels = new List<long>();
        int longest = perClass.Count == 0 ? 0 : perClass.Max(c => c.Count);
        for (int round = 0; round < longest; round++)
        {
            for (int label = 0; label < perClass.Count; label++)
            {
                if (round < perClass[label].Count)
                {
                    paths.Add(perClass[label][round]);
                    labels.Add(label);
                }
            }
        }

        return new LabelledFiles(paths, labels);
    }
}
