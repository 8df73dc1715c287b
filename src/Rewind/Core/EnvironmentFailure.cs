using System.Text.RegularExpressions;

namespace Rewind.Core;

/// <summary>
/// Explains the operating system's I/O errors to the user: which path, what happened (disk full, permission denied,
/// read-only or immutable folder, name too long, ...) and what to do, as a <see cref="RewindEnvironmentException"/>.
/// </summary>
public static partial class EnvironmentFailure
{
    private const int Eio = 5, Enotdir = 20, Eexist = 17, Enospc = 28, Erofs = 30, Enametoolong = 36, Edquot = 122;

    /// <summary>True for the exceptions that mean the machine refused a file operation.</summary>
    public static bool IsEnvironmental(Exception e) =>
        e is IOException or UnauthorizedAccessException or RewindEnvironmentException;

    /// <summary>
    /// The user-facing failure for <paramref name="e"/> (an <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>), or null for any other exception. <paramref name="then"/> is appended
    /// as the way to continue afterwards, e.g. "then continue with `rewind run --resume DIR`".
    /// </summary>
    public static RewindEnvironmentException? Describe(Exception e, string? then = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is RewindEnvironmentException known) return known;
        if (e is not (IOException or UnauthorizedAccessException)) return null;
        var path = PathIn(e.Message);
        var (what, fix) = e switch
        {
            PathTooLongException => ("a file or folder name is too long",
                "use a shorter path (each folder name at most 255 bytes, the whole path at most 4096)"),
            UnauthorizedAccessException => ("permission denied (the folder is read-only, immutable or owned by someone else)",
                "choose a folder you can write to with --out, or fix its permissions (ls -ld, lsattr -d)"),
            DirectoryNotFoundException => ("a folder on the path does not exist", "check the path"),
            FileNotFoundException => ("the file does not exist", "check the path"),
            IOException { HResult: Enospc or Edquot } => ("no space left on the device (disk full or quota reached)",
                $"free space on that disk (df -h {Quote(Folder(path))})"),
            IOException { HResult: Erofs } => ("the file system is read-only", "choose a folder on a writable disk with --out"),
            IOException { HResult: Eio } => ("an input/output error: the disk may be failing", "check the disk (dmesg) and use another one"),
            IOException { HResult: Enametoolong } => ("a file or folder name is too long", "use a shorter path"),
            IOException { HResult: Enotdir } => ("a part of the path is a file, not a folder", "choose a folder path"),
            IOException { HResult: Eexist } => ("it already exists as a file", "choose a folder path that is not a file"),
            _ => ($"the file system refused ({e.Message.TrimEnd('.')})", "check the path, the disk and the permissions"),
        };
        var message = $"{path ?? "a file"}: {what}. What to do: {fix}" + (then is null ? "." : $"; {then}.");
        return new RewindEnvironmentException(message, path, e);
    }

    /// <summary>The path quoted in an operating-system message ('...'), or null.</summary>
    private static string? PathIn(string message)
    {
        var matches = QuotedPath().Matches(message);
        return matches.Count == 0 ? null : matches[^1].Groups[1].Value;
    }

    private static string Folder(string? path) =>
        path is null ? "." : Path.GetDirectoryName(path) is { Length: > 0 } d ? d : path;

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();
}
