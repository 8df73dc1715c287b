namespace Rewind.Data;

/// <summary>The outcome of trying to obtain a dataset, with a message written for the user.</summary>
/// <param name="Name">The catalog name.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Directory">Where the dataset's files now are, when available from disk.</param>
/// <param name="Message">What happened and, when something is still missing, exactly what to run or where to put files.</param>
public sealed record AcquireResult(string Name, AcquireOutcome Outcome, string? Directory, string Message)
{
    /// <summary>Whether the dataset can be loaded now.</summary>
    public bool Available => Outcome is AcquireOutcome.AlreadyPresent or AcquireOutcome.Installed or AcquireOutcome.NothingToObtain;
}
