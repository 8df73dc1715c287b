using System.Formats.Tar;
using System.IO.Compression;

namespace Rewind.Data.Download;

/// <summary>Extracts dataset archives (.tar.gz with System.Formats.Tar over GZipStream, .zip with
/// System.IO.Compression). Entries that would land outside the destination are refused by both readers. Extraction
/// goes to a hidden folder first and its top-level entries are then moved into place, so an interrupted extraction
/// never leaves a half-filled dataset folder that looks complete.</summary>
public static class ArchiveExtractor
{
    /// <summary>The kind of <paramref name="fileName"/>, from its extension.</summary>
    public static ArchiveKind KindOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string f = fileName.ToLowerInvariant();
        if (f.EndsWith(".tar.gz", StringComparison.Ordinal) || f.EndsWith(".tgz", StringComparison.Ordinal)) return ArchiveKind.TarGz;
        if (f.EndsWith(".zip", StringComparison.Ordinal)) return ArchiveKind.Zip;
        return ArchiveKind.None;
    }

    /// <summary>Extracts <paramref name="archive"/> of kind <paramref name="kind"/> into <paramref name="destination"/>,
    /// replacing top-level entries of the same name, and returns the top-level entries it created.</summary>
    /// <exception cref="RewindUserException">The archive is damaged, truncated or not of that kind; the message names it.</exception>
    public static IReadOnlyList<string> Extract(string archive, ArchiveKind kind, string destination)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(destination);
        if (kind == ArchiveKind.None) throw new ArgumentException("Not an archive.", nameof(kind));
        Directory.CreateDirectory(destination);
        string staging = Path.Combine(destination, ".extracting-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        try
        {
            try
            {
                if (kind == ArchiveKind.TarGz)
                {
                    using var file = File.OpenRead(archive);
                    using var gzip = new GZipStream(file, CompressionMode.Decompress);
                    TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
                }
                else
                {
                    ZipFile.ExtractToDirectory(archive, staging, overwriteFiles: true);
                }
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException or UnauthorizedAccessException)
            {
                string what = kind == ArchiveKind.TarGz ? "gzip-compressed tar" : "zip";
                throw new RewindUserException(
                    $"Archive '{archive}' could not be extracted as a {what} archive: {e.Message} It is damaged, incomplete or " +
                    "of another format: download it again (compare its checksum with the published one).");
            }

            var created = new List<string>();
            foreach (string entry in Directory.EnumerateFileSystemEntries(staging))
            {
                string target = Path.Combine(destination, Path.GetFileName(entry));
                if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
                else if (File.Exists(target)) File.Delete(target);
                if (Directory.Exists(entry)) Directory.Move(entry, target);
                else File.Move(entry, target);
                created.Add(target);
            }

            return created;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
