using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Rewind.Tests.Data.Download;

/// <summary>What the test server does with the next request for a path.</summary>
internal enum Serve
{
    /// <summary>The whole body (200), or the rest from a "Range: bytes=N-" request (206).</summary>
    Normally,

    /// <summary>The whole body (200) even when a range is asked for: a server without range support.</summary>
    IgnoringRanges,

    /// <summary>Announces the full length, sends the first half of what was asked for, then drops the connection.</summary>
    CuttingHalfway,

    /// <summary>500 Internal Server Error.</summary>
    Error500,

    /// <summary>404 Not Found.</summary>
    NotFound,
}

/// <summary>
/// An HTTP server on 127.0.0.1 at a free port, run by a test, serving byte arrays with Range support and scripted
/// failures (per path, one behaviour per request in order, the last one repeating). It records every request's path
/// and Range header. Only loopback traffic; it stops when disposed.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, (byte[] Body, Queue<Serve> Script)> _files = new(StringComparer.Ordinal);
    private readonly Thread _loop;

    public LocalHttpServer()
    {
        // A port found free can be taken by another process before the listener binds it: try a few.
        for (int attempt = 1; ; attempt++)
        {
            var uri = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(uri.ToString());
            try
            {
                listener.Start();
                _listener = listener;
                BaseUri = uri;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Abort();
            }
        }

        _loop = new Thread(Loop) { IsBackground = true, Name = "test-http" };
        _loop.Start();
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>A free port nobody listens on (for "no network" tests).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>, answering successive requests as scripted.</summary>
    public Uri Add(string path, byte[] body, params Serve[] script)
    {
        _files[path.TrimStart('/')] = (body, new Queue<Serve>(script.Length == 0 ? [Serve.Normally] : script));
        return new Uri(BaseUri, path.TrimStart('/'));
    }

    public void Dispose()
    {
        // Close only: Stop() followed by Close() unregisters the prefix twice, and the managed listener's second
        // unregistration binds the port anew, which fails with "Address already in use" once another process holds it.
        _listener.Close();
        _loop.Join(TimeSpan.FromSeconds(5));
    }

    private void Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = _listener.GetContext(); }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (InvalidOperationException) { return; }
            try { Handle(context); }
            catch (HttpListenerException) { } // the client went away
            catch (IOException) { }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath.TrimStart('/');
        string? range = context.Request.Headers["Range"];
        Requests.Enqueue((path, range));
        var response = context.Response;
        if (!_files.TryGetValue(path, out var file))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        Serve how;
        lock (file.Script) how = file.Script.Count > 1 ? file.Script.Dequeue() : file.Script.Peek();
        switch (how)
        {
            case Serve.Error500 or Serve.NotFound:
                response.StatusCode = how == Serve.Error500 ? 500 : 404;
                response.Close();
                return;
        }

        long start = 0;
        if (how != Serve.IgnoringRanges && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= file.Body.Length)
            {
                response.StatusCode = 416;
                response.AddHeader("Content-Range", $"bytes */{file.Body.Length}");
                response.Close();
                return;
            }

            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {start}-{file.Body.Length - 1}/{file.Body.Length}");
        }

        long length = file.Body.Length - start;
        response.ContentLength64 = length;
        response.ContentType = "application/octet-stream";
        if (how == Serve.CuttingHalfway)
        {
            response.OutputStream.Write(file.Body, (int)start, (int)(length / 2));
            response.OutputStream.Flush();
            response.Abort(); // drop the connection with half of the announced bytes sent
            return;
        }

        response.OutputStream.Write(file.Body, (int)start, (int)length);
        response.Close();
    }
}
