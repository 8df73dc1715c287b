using System.Globalization;

namespace Rewind.Runs;

/// <summary>
/// How a worker process or cluster task runs one prepared run directory: <c>dotnet PATH/rewind.dll run --resume DIR
/// --threads N --no-report</c>. The CLI's own assembly is found next to the running program (the <c>rewind</c> CLI, or a
/// test or tool that references it); a library user without it names it (<see cref="ForCli"/>) or sets
/// <c>REWIND_CLI</c> to the path of <c>rewind.dll</c>.
/// </summary>
/// <param name="FileName">The program to start (the <c>dotnet</c> host).</param>
/// <param name="Prefix">Arguments before the verb (the path of <c>rewind.dll</c>).</param>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>The environment variable that names <c>rewind.dll</c> when it is not next to the running program.</summary>
    public const string CliVariable = "REWIND_CLI";

    /// <summary>The command that runs <paramref name="cliDll"/> (a <c>rewind.dll</c>) with the <c>dotnet</c> host running this process.</summary>
    public static WorkerCommand ForCli(string cliDll)
    {
        ArgumentException.ThrowIfNullOrEmpty(cliDll);
        if (!File.Exists(cliDll))
            throw new RewindUserException($"{cliDll}: no such file; worker processes need the rewind CLI's rewind.dll (set {CliVariable} to its path).");
        return new WorkerCommand(DotnetHost(), [Path.GetFullPath(cliDll)]);
    }

    /// <summary>The rewind CLI next to the running program, or the one <c>REWIND_CLI</c> names.</summary>
    /// <exception cref="RewindUserException">When neither exists.</exception>
    public static WorkerCommand Default()
    {
        var named = Environment.GetEnvironmentVariable(CliVariable);
        if (!string.IsNullOrEmpty(named)) return ForCli(named);
        var beside = Path.Combine(AppContext.BaseDirectory, "rewind.dll");
        if (File.Exists(beside)) return ForCli(beside);
        throw new RewindUserException(
            $"Worker processes run the rewind CLI, but there is no rewind.dll in {AppContext.BaseDirectory}. " +
            $"Set {CliVariable} to the path of rewind.dll (e.g. artifacts/cli/rewind.dll after ./rewind builds it), or run the study in this process (--jobs 1).");
    }

    /// <summary>The arguments that run <paramref name="runDirectory"/> with <paramref name="threads"/> threads and no run report.</summary>
    /// <param name="runDirectory">A prepared run directory.</param>
    /// <param name="threads">Its thread count (the spec records it; a different count is refused).</param>
    /// <param name="stopWhenInputCloses">Stop cleanly when standard input closes (a local worker whose study process ended).</param>
    public IReadOnlyList<string> ArgumentsFor(string runDirectory, int threads, bool stopWhenInputCloses)
    {
        var args = new List<string>(Prefix) { "run", "--resume", Path.GetFullPath(runDirectory), "--no-report" };
        if (threads > 0) args.AddRange(["--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        if (stopWhenInputCloses) args.Add("--until-input-closes");
        return args;
    }

    /// <summary>The <c>dotnet</c> host: this process's own when it is one, else <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on the PATH.</summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
