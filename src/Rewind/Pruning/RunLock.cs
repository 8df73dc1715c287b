using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rewind.Pruning;

/// <summary>
/// The lock that lets one process at a time write a run directory: an operating-system lock (flock) on
/// <c>run.lock</c>, which the kernel releases when the holder ends in any way, <c>kill -9</c> included, so a lock is
/// never stale. The file names its holder (process id, host, start time, command) for the message a second process
/// gets. Advisory: it protects against other Rewind processes, on file systems that support flock.
/// </summary>
public sealed partial class RunLock : IDisposable
{
    /// <summary>The lock file's name inside a run directory.</summary>
    public const string FileName = "run.lock";

    private readonly FileStream _stream;

    private RunLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock of run directory <paramref name="root"/>, or throws <see cref="RewindUserException"/> naming the
    /// process that holds it. Never waits.
    /// </summary>
    public static RunLock Acquire(string root)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(root), FileName);
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive flock on Unix (.NET), also against this same process.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException) && e.HResult is 11 or 32 or 33)
        {
            throw new RewindUserException(
                $"{root} is in use by {Holder(path)}: two processes must not write one run. Wait for it to finish, or stop it " +
                "(the lock is released the moment that process ends, even by kill -9), then rerun this command.", e);
        }
        var info = string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC ({Command()})\n");
        stream.SetLength(0);
        stream.Write(Encoding.UTF8.GetBytes(info));
        stream.Flush(flushToDisk: false);
        return new RunLock(stream, path);
    }

    /// <summary>Releases the lock (the file stays; it is not a lock without its holder).</summary>
    public void Dispose() => _stream.Dispose();

    private static string Command()
    {
        var args = Environment.GetCommandLineArgs();
        var text = string.Join(' ', args.Select(a => System.IO.Path.GetFileName(a) == "rewind.dll" ? "rewind" : a));
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>What the lock file says about its holder, read past .NET's own file locking (the holder keeps it locked).</summary>
    private static string Holder(string path)
    {
        try
        {
            int fd = Open(path, 0 /* O_RDONLY */);
            if (fd < 0) return "another process";
            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            using var stream = new FileStream(handle, FileAccess.Read);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd().Trim();
            return text.Length == 0 ? "another process (it is just starting)" : "process " + text.Replace("pid ", "", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Debug.WriteLine(e);
            return "another process";
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
