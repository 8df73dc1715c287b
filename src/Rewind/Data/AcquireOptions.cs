using Rewind.Data.Download;

namespace Rewind.Data;

/// <summary>How <see cref="DatasetAcquirer.Get(string, AcquireOptions)"/> obtains a dataset; every member has the
/// default a user of <c>rewind data get</c> gets, and tests replace what touches the outside world.</summary>
public sealed record AcquireOptions
{
    /// <summary>Where progress lines and apt's output go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Receives download progress (the CLI draws a progress bar from it), or null.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>An archive file, a folder holding the dataset's files, or an address to download from instead of the
    /// canonical one (<c>--from</c>); null for none.</summary>
    public string? From { get; init; }

    /// <summary>Download even where a Debian package could install the dataset (<c>--download</c>).</summary>
    public bool Download { get; init; }

    /// <summary>Runs apt-get and id.</summary>
    public IProcessRunner Runner { get; init; } = new SystemProcessRunner();

    /// <summary>Whether this process is root; null asks the system.</summary>
    public Func<bool>? IsRoot { get; init; }

    /// <summary>Where datasets are looked for; downloads go to its user cache (<see cref="DataSearchPaths.CacheRoot"/>).</summary>
    public DataSearchPaths Paths { get; init; } = DataSearchPaths.FromEnvironment(null);

    /// <summary>Where each dataset is published (null: not downloadable); tests point this at a local server.</summary>
    public Func<string, DatasetSource?> Sources { get; init; } = DatasetSources.Find;

    /// <summary>The HTTP handler downloads use, or null for the default one.</summary>
    public HttpMessageHandler? Http { get; init; }

    /// <summary>Stops a download between reads.</summary>
    public CancellationToken Cancellation { get; init; }
}
