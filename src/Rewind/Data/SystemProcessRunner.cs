using System.Diagnostics;
using System.Text;

namespace Rewind.Data;

/// <summary>The real <see cref="IProcessRunner"/>: starts processes with <see cref="Process"/>.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    /// <inheritdoc />
    public bool Exists(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command);
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
    }

    /// <inheritdoc />
    public ProcessResult Run(string command, IReadOnlyList<string> arguments, TextWriter log,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);

        var info = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var captured = new StringBuilder();
        var gate = new object();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                captured.AppendLine(e.Data);
                log.WriteLine(e.Data);
                log.Flush();
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            string message = $"could not start '{command}': {e.Message}";
            log.WriteLine(message);
            return new ProcessResult(127, message);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, captured.ToString());
        }
    }
}
