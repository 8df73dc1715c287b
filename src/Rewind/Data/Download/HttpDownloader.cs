using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Rewind.Data.Download;

/// <summary>
/// Downloads one file over HTTP(S) into place: the bytes go to <c>FILE.part</c>; a later attempt asks the server for
/// the rest (HTTP Range) and appends, or starts over when the server does not do ranges; the finished file is checked
/// against its published checksum (a mismatch deletes it) and only then renamed to <c>FILE</c>. Every failure is a
/// <see cref="DownloadException"/> saying what happened.
/// </summary>
public sealed class HttpDownloader : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private readonly HttpClient _client;
    private readonly TimeSpan _stallTimeout;

    /// <summary>Creates a downloader over <paramref name="handler"/> (null: a default handler with a 30 s connect
    /// timeout and no automatic decompression, so .gz files arrive as published).</summary>
    /// <param name="handler">The HTTP handler (tests pass one; the downloader does not dispose a given handler).</param>
    /// <param name="stallTimeout">How long a request may wait for the response headers or for the next bytes (default 60 s).</param>
    public HttpDownloader(HttpMessageHandler? handler = null, TimeSpan? stallTimeout = null)
    {
        _client = handler is null
            ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AutomaticDecompression = DecompressionMethods.None })
            : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = Timeout.InfiniteTimeSpan; // stalls are detected per read instead; large files take long
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Rewind/1.0");
        _stallTimeout = stallTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The file a download in progress is written to.</summary>
    public static string PartialPath(string destination) => destination + ".part";

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/>, resuming a partial download,
    /// reporting progress, and verifying <paramref name="expected"/> when given.</summary>
    /// <exception cref="DownloadException">The server could not be reached, answered with an error, the transfer
    /// stopped early (the partial file is kept), or the checksum differs (the file is deleted).</exception>
    public void Download(Uri url, string destination, FileChecksum? expected, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellation = default) =>
        DownloadAsync(url, destination, expected, progress, cancellation).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Download"/>.</summary>
    /// <exception cref="DownloadException">See <see cref="Download"/>.</exception>
    public async Task DownloadAsync(Uri url, string destination, FileChecksum? expected, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        string part = PartialPath(destination);
        string name = Path.GetFileName(destination);
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await SendAsync(request, url, cancellation).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            // The partial file is already as long as the file (or longer): check it as it is.
            Finish(part, destination, expected, url);
            progress?.Report(new DownloadProgress(name, have, have));
            return;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DownloadException(DownloadFailure.HttpError,
                $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        bool append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent &&
                      response.Content.Headers.ContentRange?.From == have;
        if (!append) have = 0; // no range support (200): start over
        long? total = response.Content.Headers.ContentRange?.Length ??
                      (response.Content.Headers.ContentLength is long length ? have + length : null);

        long received = have;
        progress?.Report(new DownloadProgress(name, received, total));
        try
        {
            using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            using var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None);
            var buffer = new byte[BufferBytes];
            long reported = received;
            while (true)
            {
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                stall.CancelAfter(_stallTimeout);
                int n = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                if (n == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, n), cancellation).ConfigureAwait(false);
                received += n;
                if (received - reported >= BufferBytes)
                {
                    progress?.Report(new DownloadProgress(name, received, total));
                    reported = received;
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            throw Interrupted(url, part, received, total, e);
        }

        if (total is long expectedLength && received < expectedLength)
            throw Interrupted(url, part, received, total, null);
        progress?.Report(new DownloadProgress(name, received, total ?? received));
        Finish(part, destination, expected, url);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri url, CancellationToken cancellation)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stall.CancelAfter(_stallTimeout);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            bool unreachable = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError ||
                               e.InnerException is SocketException;
            throw new DownloadException(unreachable ? DownloadFailure.NoNetwork : DownloadFailure.HttpError,
                $"{url.Host} could not be reached ({e.Message}).", e);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailure.NoNetwork,
                $"{url.Host} did not answer within {_stallTimeout.TotalSeconds:0} s.", e);
        }
    }

    private static DownloadException Interrupted(Uri url, string part, long received, long? total, Exception? cause)
    {
        string of = total is long t ? $" of {t:N0}" : "";
        string why = cause is null ? "the server closed the connection early" : cause.Message;
        return new DownloadException(DownloadFailure.Interrupted,
            $"The download of {url} stopped after {received:N0}{of} bytes ({why}). The part is kept in '{part}'; run the " +
            "same command again to resume from there.", cause);
    }

    private static void Finish(string part, string destination, FileChecksum? expected, Uri url)
    {
        if (expected is not null)
        {
            FileChecksum actual = expected.Of(part);
            if (actual.Hex != expected.Hex)
            {
                File.Delete(part);
                throw new DownloadException(DownloadFailure.ChecksumMismatch,
                    $"The file downloaded from {url} has {actual}, but the published checksum is {expected.Hex}: it is damaged " +
                    "or not the published file, so it was deleted. Run the command again to download it afresh.");
            }
        }

        File.Move(part, destination, overwrite: true);
    }
}
