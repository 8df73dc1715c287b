namespace Rewind.Data.Download;

/// <summary>A download that failed, with the reason and a message for the user.</summary>
public sealed class DownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DownloadException(DownloadFailure failure, string message, Exception? inner = null)
        : base(message, inner) => Failure = failure;

    /// <summary>Creates an exception of kind <see cref="DownloadFailure.NoNetwork"/>.</summary>
    public DownloadException()
        : this(DownloadFailure.NoNetwork, "The download failed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="DownloadFailure.NoNetwork"/>.</summary>
    public DownloadException(string message)
        : this(DownloadFailure.NoNetwork, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="DownloadFailure.NoNetwork"/>.</summary>
    public DownloadException(string message, Exception inner)
        : this(DownloadFailure.NoNetwork, message, inner)
    {
    }

    /// <summary>Why it failed.</summary>
    public DownloadFailure Failure { get; }
}
