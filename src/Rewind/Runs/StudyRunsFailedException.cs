namespace Rewind.Runs;

/// <summary>
/// Some runs of a study stage did not finish in worker processes or cluster tasks, while the others went on; each failure
/// names the run, its exit code and the tail of its <c>log.txt</c>. Finished runs are kept: rerunning the study (or
/// <c>rewind resubmit DIR</c> on Slurm) runs only what is missing.
/// </summary>
public sealed class StudyRunsFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="failures"/>.</summary>
    public StudyRunsFailedException(IReadOnlyList<RunFailure> failures)
        : base(Describe(failures)) => Failures = failures;

    /// <summary>The runs that did not finish.</summary>
    public IReadOnlyList<RunFailure> Failures { get; }

    private static string Describe(IReadOnlyList<RunFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return $"{failures.Count} run(s) did not finish: " +
               string.Join("; ", failures.Select(f => $"{Path.GetFileName(f.Directory)} ({f.Reason})")) +
               ". Each run's output is in its log.txt; finished runs are kept, so rerunning the same command runs only what is missing.";
    }
}
