namespace Rewind.Runs;

/// <summary>
/// Starts worker processes for <see cref="LocalWorkersExecutor"/>: the seam tests replace to script what workers do.
/// The real one is <see cref="ProcessWorkerLauncher"/>.
/// </summary>
public interface IWorkerLauncher
{
    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, its output and errors appended to <paramref name="logPath"/>.</summary>
    IWorkerProcess Start(string fileName, IReadOnlyList<string> arguments, string logPath);
}

/// <summary>A started worker process.</summary>
public interface IWorkerProcess : IDisposable
{
    /// <summary>The process id.</summary>
    int Id { get; }

    /// <summary>True once it has ended.</summary>
    bool HasExited { get; }

    /// <summary>Its exit code (valid once <see cref="HasExited"/>).</summary>
    int ExitCode { get; }

    /// <summary>Asks it to stop cleanly (it stops at its next optimizer step, keeping everything up to the last epoch boundary).</summary>
    void RequestStop();

    /// <summary>Ends it at once (files are written atomically, so a run killed anywhere resumes from its last epoch boundary).</summary>
    void Kill();
}
