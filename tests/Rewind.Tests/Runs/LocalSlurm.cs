using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rewind.Tests.Runs;

/// <summary>
/// A one-node Slurm cluster for the tests: tests/slurm/start-local-slurm.sh --clean under a folder of its own and on free
/// ports (so it never meets another cluster on this machine), stopped by tests/slurm/stop-local-slurm.sh at the end.
/// Sets <c>SLURM_CONF</c> for this process, so the client commands the executor runs find it.
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly Dictionary<string, string> _env;
    private readonly bool _started;

    /// <summary>Starts the cluster (only when the Slurm tests are enabled).</summary>
    public LocalSlurm()
    {
        Root = Path.Combine(Path.GetTempPath(), "rewind-slurm-test-" + Environment.ProcessId);
        int ctld = FreePort(), slurmd = FreePort();
        while (slurmd == ctld) slurmd = FreePort();
        _env = new Dictionary<string, string>
        {
            ["SLURM_LOCAL_ROOT"] = Root,
            ["SLURM_LOCAL_CTLD_PORT"] = ctld.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SLURM_LOCAL_SLURMD_PORT"] = slurmd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (Environment.GetEnvironmentVariable(SlurmFactAttribute.Variable) != "1") return;
        var (code, output) = Script("start-local-slurm.sh", "--clean");
        if (code != 0) throw new InvalidOperationException($"the local Slurm cluster did not start (exit code {code}):\n{output}");
        Environment.SetEnvironmentVariable("SLURM_CONF", Path.Combine(Root, "etc", "slurm.conf"));
        _started = true;
    }

    /// <summary>The cluster's folder (configuration, state, logs).</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_started) return;
        Script("stop-local-slurm.sh");
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (int Code, string Output) Script(string name, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "slurm", name));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in _env) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result + error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
