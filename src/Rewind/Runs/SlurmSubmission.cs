namespace Rewind.Runs;

/// <summary>What a submission to Slurm did: the job arrays it submitted, and the unfinished runs it left alone because a task of theirs was already queued or running.</summary>
/// <param name="Submitted">The job arrays submitted now, one per dependency stage.</param>
/// <param name="AlreadyQueued">Run directories with a queued or running task from an earlier submission.</param>
public sealed record SlurmSubmission(IReadOnlyList<SlurmArrayJob> Submitted, IReadOnlyList<string> AlreadyQueued)
{
    /// <summary>Runs submitted now.</summary>
    public int RunCount => Submitted.Sum(j => j.Runs.Count);
}
