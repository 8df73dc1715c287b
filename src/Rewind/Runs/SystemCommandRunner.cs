using System.ComponentModel;
using System.Diagnostics;

namespace Rewind.Runs;

/// <summary>Runs commands as processes of this machine (the environment passes on, so <c>SLURM_CONF</c> reaches them).</summary>
public sealed class SystemCommandRunner : ICommandRunner
{
    /// <inheritdoc/>
    public CommandResult Run(string fileName, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return new CommandResult(p.ExitCode, output.Result, error);
        }
        catch (Win32Exception e)
        {
            throw new RewindUserException(
                $"{fileName}: cannot run it ({e.Message}). --executor slurm needs the Slurm client commands (sbatch, scontrol, scancel) on the PATH of a machine of the cluster.", e);
        }
    }
}
