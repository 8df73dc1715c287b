namespace Rewind.Core;

/// <summary>
/// The machine refused what Rewind needed (a full disk, a folder it may not write, a name the file system rejects):
/// not a bug and not a mistake in the spec. The message names the path, what happened and what to do; the CLI turns
/// it into exit code 3 without a stack trace. <see cref="EnvironmentFailure.Describe"/> makes one from an I/O error.
/// </summary>
public sealed class RewindEnvironmentException : Exception
{
    /// <summary>Creates an environment failure about <paramref name="path"/> wrapping the operating system's error.</summary>
    public RewindEnvironmentException(string message, string? path, Exception inner) : base(message, inner) => Path = path;

    /// <summary>The file or folder concerned, when known.</summary>
    public string? Path { get; }
}
