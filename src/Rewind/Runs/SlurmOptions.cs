namespace Rewind.Runs;

/// <summary>
/// How <see cref="SlurmExecutor"/> submits a study: one job array per dependency stage, each task one run directory.
/// Every option maps to one <c>sbatch</c> option; <see cref="ExtraArguments"/> passes anything else through.
/// </summary>
public sealed record SlurmOptions
{
    /// <summary><c>--partition</c> (null: the cluster's default).</summary>
    public string? Partition { get; init; }

    /// <summary><c>--time</c> per task, in Slurm's notation (e.g. <c>02:00:00</c>; null: the partition's default).</summary>
    public string? Time { get; init; }

    /// <summary><c>--cpus-per-task</c>; also the thread count of runs whose spec leaves it at 0.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary><c>--mem</c> per task (e.g. <c>4G</c>; null: the partition's default).</summary>
    public string? Memory { get; init; }

    /// <summary><c>--gpus</c> per task (null: none asked for).</summary>
    public string? Gpus { get; init; }

    /// <summary>At most this many tasks of an array at once (<c>--array=0-N%K</c>; null: no limit).</summary>
    public int? ArrayLimit { get; init; }

    /// <summary>Further <c>sbatch</c> arguments, passed as given (e.g. <c>--account=proj</c>, <c>--qos=short</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>How often an attached study asks the scheduler how its tasks are doing.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the values; a bad one is a <see cref="RewindUserException"/> naming the option.</summary>
    public SlurmOptions Validated()
    {
        if (Cpus < 1) throw new RewindUserException($"--cpus: {Cpus} is not a number of CPUs per task; use 1 or more.");
        if (ArrayLimit is < 1) throw new RewindUserException($"--array-limit: {ArrayLimit} is not a number of tasks; use 1 or more.");
        foreach (var (name, value) in new[] { ("--partition", Partition), ("--time", Time), ("--mem", Memory), ("--gpus", Gpus) })
            if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
                throw new RewindUserException($"{name}: '{value}' is not a Slurm value (no spaces), e.g. --time 02:00:00 or --mem 4G.");
        return this;
    }
}
