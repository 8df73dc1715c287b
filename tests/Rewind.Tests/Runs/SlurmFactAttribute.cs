namespace Rewind.Tests.Runs;

/// <summary>
/// A fact that needs a real Slurm cluster, which <see cref="LocalSlurm"/> starts (root; Debian's slurmctld, slurmd,
/// slurm-client and munge, which its script installs when missing). These tests take minutes on a loaded 2-core machine,
/// so they run only with <c>REWIND_SLURM_TESTS=1</c>, which .ci/run sets; otherwise they are reported as skipped with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>The variable that enables the Slurm tests.</summary>
    public const string Variable = "REWIND_SLURM_TESTS";

    /// <summary>Skips the test unless <c>REWIND_SLURM_TESTS=1</c> and this process runs as root.</summary>
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"needs a local Slurm cluster started by the test (slow): set {Variable}=1 to run it (.ci/run does)";
        else if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            Skip = "needs root: the local Slurm cluster's daemons run as root (tests/slurm/start-local-slurm.sh)";
    }
}
