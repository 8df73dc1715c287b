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

/// <summary>Runs a stored run as <c>rewind run --resume</c> does (standard observers), without writing a report.</summary>
internal static class TestRuns
{
    /// <summary>Every level's summary after running <paramref name="store"/> to its last level.</summary>
    public static IReadOnlyList<LevelSummary> Execute(Rewind.Pruning.RunStore store, Rewind.Training.ITrainingObserver? observer = null) =>
        Rewind.Runs.Run.Execute(store, observer, writeReport: false).Levels;
}
