using System.Globalization;

namespace Rewind.Pruning;

/// <summary>
/// Which files a run read its dataset from (<c>data.json</c> in the run directory): path, size and SHA-256 of each,
/// so that resuming with other data — another copy, a damaged or replaced file — is refused instead of mixing two
/// datasets in one run. Generated datasets read no files.
/// </summary>
/// <param name="Name">The dataset's catalog name.</param>
/// <param name="Files">Every file read, in reading order (empty for generated data).</param>
public sealed record DataRecord(string Name, IReadOnlyList<DataFile> Files)
{
    /// <summary>
    /// One line per difference between what a run recorded (this) and <paramref name="current"/>, comparing files by
    /// name, size and checksum (not by folder: the same files elsewhere are the same data). Empty when they agree.
    /// </summary>
    public IReadOnlyList<string> Differences(DataRecord current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var lines = new List<string>();
        if (!string.Equals(Name, current.Name, StringComparison.Ordinal)) lines.Add($"dataset {Name} → {current.Name}");
        var now = current.Files.ToDictionary(f => System.IO.Path.GetFileName(f.Path), StringComparer.Ordinal);
        foreach (var was in Files)
        {
            var name = System.IO.Path.GetFileName(was.Path);
            if (!now.Remove(name, out var file)) lines.Add($"{name}: read from {was.Path} before, not read now");
            else if (file.Size != was.Size || file.Sha256 != was.Sha256)
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {was.Size:N0} bytes, sha256 {was.Sha256[..12]}… recorded (from {was.Path}); now {file.Size:N0} bytes, sha256 {file.Sha256[..12]}… (from {file.Path})"));
        }
        foreach (var extra in now.Values) lines.Add($"{System.IO.Path.GetFileName(extra.Path)}: read now from {extra.Path}, not before");
        return lines;
    }
}

/// <summary>One file a run read: absolute path, size in bytes and SHA-256 (lowercase hex).</summary>
/// <param name="Path">Absolute path when it was read.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content.</param>
public sealed record DataFile(string Path, long Size, string Sha256);
