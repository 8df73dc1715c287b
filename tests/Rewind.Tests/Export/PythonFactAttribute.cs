using System.Diagnostics;

namespace Rewind.Tests.Export;

/// <summary>
/// A fact that needs Python 3 with numpy and torch (Debian: python3-numpy, python3-torch; .ci/run installs them).
/// Without them the test is reported as skipped with the reason, never silently passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonFactAttribute : FactAttribute
{
    private static readonly Lazy<(string? Python, string? Missing)> Probe = new(Find);

    /// <summary>Skips the test when no Python with numpy and torch is found.</summary>
    public PythonFactAttribute()
    {
        if (Probe.Value.Missing is { } missing) Skip = missing;
    }

    /// <summary>The interpreter to run (Debian's /usr/bin/python3 first: apt installs numpy and torch for it).</summary>
    public static string Python => Probe.Value.Python ?? "python3";

    private static (string?, string?) Find()
    {
        string? lastError = null;
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            var (code, output) = Run(candidate, "-c \"import numpy, torch; print(numpy.__version__, torch.__version__)\"");
            if (code == 0) return (candidate, null);
            lastError = $"{candidate}: {output.Trim().Split('\n').LastOrDefault()}";
        }
        return (null, "needs python3 with numpy and torch (apt-get install python3-numpy python3-torch; .ci/run does): " + lastError);
    }

    /// <summary>Runs a process and returns its exit code and combined output (code −1 when it cannot start).</summary>
    public static (int Code, string Output) Run(string file, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
