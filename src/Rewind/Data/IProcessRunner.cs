namespace Rewind.Data;

/// <summary>Runs external commands (apt-get, id) for <see cref="DatasetAcquirer"/>; replaceable so tests never run apt.</summary>
public interface IProcessRunner
{
    /// <summary>Whether <paramref name="command"/> can be found on the PATH (or exists, when it is a path).</summary>
    bool Exists(string command);

    /// <summary>Runs <paramref name="command"/> with <paramref name="arguments"/>, streaming its output to
    /// <paramref name="log"/> as it arrives, and returns the exit code and the captured output.</summary>
    ProcessResult Run(string command, IReadOnlyList<string> arguments, TextWriter log,
        IReadOnlyDictionary<string, string>? environment = null);
}
