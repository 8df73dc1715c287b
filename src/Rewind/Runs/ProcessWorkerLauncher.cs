using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rewind.Runs;

/// <summary>
/// Starts real worker processes. The process's standard output and error go straight to the run's <c>log.txt</c>
/// (through <c>/bin/sh -c 'exec … &gt;&gt;LOG 2&gt;&amp;1'</c>, so they do not pass through this process and survive it);
/// its standard input is a pipe from this process, which a worker started with <c>--until-input-closes</c> watches: it
/// stops cleanly when the pipe closes, also when this process dies. <see cref="IWorkerProcess.RequestStop"/> closes the
/// pipe and sends SIGTERM.
/// </summary>
public sealed partial class ProcessWorkerLauncher : IWorkerLauncher
{
    /// <inheritdoc/>
    public IWorkerProcess Start(string fileName, IReadOnlyList<string> arguments, string logPath)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >>\"$REWIND_WORKER_LOG\" 2>&1 ");
        info.ArgumentList.Add("rewind-worker");
        info.ArgumentList.Add(fileName);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["REWIND_WORKER_LOG"] = Path.GetFullPath(logPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new Worker(process);
    }

    private sealed class Worker(Process process) : IWorkerProcess
    {
        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public void RequestStop()
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // already closed or the process ended
            }
            if (!process.HasExited && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) _ = SendSignal(process.Id, SigTerm);
        }

        public void Kill()
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it ended meanwhile
            }
        }

        public void Dispose() => process.Dispose();
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
