using System.CommandLine;
using System.Globalization;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary>
/// The options of every command that runs a study — where its runs execute: <c>--executor local|slurm</c>,
/// <c>--jobs N|auto</c>, the Slurm options and <c>--detach</c> — defined once and added to each such command.
/// </summary>
public sealed class ExecutorOptions
{
    /// <summary><c>--executor</c>.</summary>
    public Option<string> Executor { get; } = new("--executor")
    {
        Description = "Where the runs execute: local (worker processes on this machine) or slurm (one job array per dependency stage).",
        DefaultValueFactory = _ => "local",
    };

    /// <summary><c>--jobs</c>.</summary>
    public Option<string> Jobs { get; } = new("--jobs", "-j")
    {
        Description = "Local worker processes at once: a number (1 = one run after another in this process) or auto (from the core count and the model; docs/guide/executors.md).",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><c>--partition</c>.</summary>
    public Option<string?> Partition { get; } = new("--partition") { Description = "Slurm: partition of the jobs (default: the cluster's)." };

    /// <summary><c>--time</c>.</summary>
    public Option<string?> Time { get; } = new("--time") { Description = "Slurm: time limit per run, e.g. 02:00:00." };

    /// <summary><c>--cpus</c>.</summary>
    public Option<int?> Cpus { get; } = new("--cpus") { Description = "Slurm: CPUs per run (also its thread count unless the spec sets threads; default 1)." };

    /// <summary><c>--mem</c>.</summary>
    public Option<string?> Memory { get; } = new("--mem") { Description = "Slurm: memory per run, e.g. 4G." };

    /// <summary><c>--gpus</c>.</summary>
    public Option<string?> Gpus { get; } = new("--gpus") { Description = "Slurm: GPUs per run, e.g. 1." };

    /// <summary><c>--array-limit</c>.</summary>
    public Option<int?> ArrayLimit { get; } = new("--array-limit") { Description = "Slurm: at most this many runs of a stage at once (the array's %K)." };

    /// <summary><c>--sbatch</c>.</summary>
    public Option<string[]> Sbatch { get; } = new("--sbatch")
    {
        Description = "Slurm: an extra sbatch argument, passed as given (repeatable), e.g. --sbatch=--account=proj.",
        DefaultValueFactory = _ => [],
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--detach</c>.</summary>
    public Option<bool> Detach { get; } = new("--detach") { Description = "Slurm: return once the jobs are submitted (follow with rewind status DIR, then rewind collect DIR)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var o in Slurm().Prepend<Option>(Detach).Prepend(Jobs).Prepend(Executor)) command.Add(o);
    }

    /// <summary>The Slurm options only (for <c>rewind resubmit</c>).</summary>
    public IEnumerable<Option> Slurm() => [Partition, Time, Cpus, Memory, Gpus, ArrayLimit, Sbatch];

    /// <summary>What the command line asked for.</summary>
    public ExecutionChoice Read(ParseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var executor = p.GetValue(Executor)!;
        if (executor is not ("local" or "slurm"))
            throw new RewindUserException($"--executor: '{executor}' is not an executor; use local or slurm.");
        var jobsText = p.GetValue(Jobs)!;
        int? jobs = null;
        if (jobsText != "auto")
        {
            if (!int.TryParse(jobsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int j) || j < 1)
                throw new RewindUserException($"--jobs: '{jobsText}' is not a number of worker processes; use 1 or more, or auto.");
            jobs = j;
        }
        bool slurmGiven = Slurm().Any(o => p.GetResult(o) is { Implicit: false }) || p.GetValue(Detach);
        if (executor == "local" && slurmGiven)
            throw new RewindUserException("--partition, --time, --cpus, --mem, --gpus, --array-limit, --sbatch and --detach are Slurm options; add --executor slurm.");
        if (executor == "slurm" && jobsText != "auto")
            throw new RewindUserException("--jobs is for local workers; on Slurm every run is a task of a job array (limit them with --array-limit).");
        return new ExecutionChoice(executor == "slurm", jobs, SlurmOptions(p), p.GetValue(Detach));
    }

    /// <summary>The Slurm options given on the command line, or null when none was.</summary>
    public SlurmOptions? GivenSlurmOptions(ParseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Slurm().Any(o => p.GetResult(o) is { Implicit: false }) ? SlurmOptions(p) : null;
    }

    private SlurmOptions SlurmOptions(ParseResult p) => new SlurmOptions
    {
        Partition = p.GetValue(Partition),
        Time = p.GetValue(Time),
        Cpus = p.GetValue(Cpus) ?? 1,
        Memory = p.GetValue(Memory),
        Gpus = p.GetValue(Gpus),
        ArrayLimit = p.GetValue(ArrayLimit),
        ExtraArguments = p.GetValue(Sbatch) ?? [],
    }.Validated();
}

/// <summary>Where a study's runs execute, as the command line chose.</summary>
/// <param name="Slurm">True for <c>--executor slurm</c>.</param>
/// <param name="Jobs">Local workers (null: auto).</param>
/// <param name="SlurmOptions">The Slurm options.</param>
/// <param name="Detach">Return after submitting.</param>
public sealed record ExecutionChoice(bool Slurm, int? Jobs, SlurmOptions SlurmOptions, bool Detach)
{
    /// <summary>One run after another in this process (the executor of library calls that name none).</summary>
    public static ExecutionChoice InProcess { get; } = new(false, 1, new SlurmOptions(), false);
}
