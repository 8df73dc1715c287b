namespace Rewind.Tests;

/// <summary>Temporary folders that clean up after a test.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates a fresh empty folder.</summary>
    public TempDir() => Directory.CreateDirectory(Path);

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rewind-test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A path inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
