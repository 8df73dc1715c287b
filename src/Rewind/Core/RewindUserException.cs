namespace Rewind.Core;

/// <summary>
/// An error the user caused and can fix (bad spec key, missing data file, corrupt input, ...).
/// The message is written for that user: it names the file or field, the value, and the fix.
/// The CLI turns it into exit code 2 without a stack trace; every other exception is a bug (exit code 1).
/// </summary>
public sealed class RewindUserException : Exception
{
    /// <summary>Creates a user error with a message that names the file/field and the fix.</summary>
    public RewindUserException(string message) : base(message) { }

    /// <summary>Creates a user error wrapping the low-level cause.</summary>
    public RewindUserException(string message, Exception inner) : base(message, inner) { }
}
