namespace Rewind.Data.Download;

/// <summary>Where a dataset is published: its files (archives are extracted after download; other files, such as the
/// gzip-compressed IDX files of MNIST, are stored as they are) and a short citation for messages.</summary>
/// <param name="Name">The catalog name.</param>
/// <param name="Files">The files to fetch.</param>
/// <param name="Publisher">Who publishes it, for messages.</param>
public sealed record DatasetSource(string Name, IReadOnlyList<RemoteFile> Files, string Publisher)
{
    /// <summary>Whether the dataset is one archive (CIFAR, Tiny ImageNet) rather than several plain files (MNIST).</summary>
    public bool IsArchive => Files.Count == 1 && Files[0].Kind != ArchiveKind.None;
}
