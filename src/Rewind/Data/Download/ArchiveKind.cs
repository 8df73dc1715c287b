namespace Rewind.Data.Download;

/// <summary>How a downloaded file is installed.</summary>
public enum ArchiveKind
{
    /// <summary>Kept as it is (e.g. the gzip-compressed IDX files, which Rewind reads directly).</summary>
    None,

    /// <summary>A gzip-compressed tar archive (.tar.gz, .tgz), extracted with System.Formats.Tar.</summary>
    TarGz,

    /// <summary>A zip archive, extracted with System.IO.Compression.</summary>
    Zip,
}
