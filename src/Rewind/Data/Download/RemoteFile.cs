namespace Rewind.Data.Download;

/// <summary>One file of a dataset as published: its name, where to get it (the canonical address first, then mirrors,
/// tried in order) and its published checksum.</summary>
/// <param name="FileName">The file's name, kept when it is stored.</param>
/// <param name="Urls">Addresses serving identical bytes, in the order they are tried.</param>
/// <param name="Checksum">The published checksum.</param>
/// <param name="Bytes">The published size, for messages (0 = unknown).</param>
public sealed record RemoteFile(string FileName, IReadOnlyList<Uri> Urls, FileChecksum Checksum, long Bytes = 0)
{
    /// <summary>How the file is installed, from its name: extracted (.tar.gz, .tgz, .zip) or kept as it is.</summary>
    public ArchiveKind Kind => ArchiveExtractor.KindOf(FileName);
}
