namespace Rewind.Data;

/// <summary>How an external command ended: its exit code and its combined output.</summary>
/// <param name="ExitCode">The process exit code (0 = success; 127 by convention when it could not be started).</param>
/// <param name="Output">Standard output and standard error, interleaved as received.</param>
public sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>Whether the command succeeded (exit code 0).</summary>
    public bool Succeeded => ExitCode == 0;
}
