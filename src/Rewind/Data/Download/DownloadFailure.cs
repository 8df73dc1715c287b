namespace Rewind.Data.Download;

/// <summary>Why a download did not produce a verified file.</summary>
public enum DownloadFailure
{
    /// <summary>The server could not be reached at all (no network, no name resolution, connection refused, no answer).</summary>
    NoNetwork,

    /// <summary>The server answered with an HTTP error status.</summary>
    HttpError,

    /// <summary>The transfer stopped before the end; what arrived is kept, and the next attempt resumes from there.</summary>
    Interrupted,

    /// <summary>The whole file arrived but its checksum differs from the published one; it was deleted.</summary>
    ChecksumMismatch,
}
