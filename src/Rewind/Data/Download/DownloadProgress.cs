namespace Rewind.Data.Download;

/// <summary>How far the download of one file has come.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Received">Bytes on disk so far (a resumed download starts at what was already there).</param>
/// <param name="Total">The file's size when the server says it, else null.</param>
public readonly record struct DownloadProgress(string File, long Received, long? Total)
{
    /// <summary>The fraction done in [0, 1], or null when the size is unknown.</summary>
    public double? Fraction => Total is > 0 ? Math.Min(1.0, (double)Received / Total.Value) : null;
}
