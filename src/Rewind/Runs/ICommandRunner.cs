namespace Rewind.Runs;

/// <summary>Runs a short command and returns what it printed: the seam between <see cref="SlurmClient"/> and the real <c>sbatch</c>, <c>scontrol</c>, <c>scancel</c>.</summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> to its end.</summary>
    CommandResult Run(string fileName, IReadOnlyList<string> arguments);
}

/// <summary>What a command printed and how it ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
public sealed record CommandResult(int ExitCode, string Output, string Error);
