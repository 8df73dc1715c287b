namespace Rewind.Data;

/// <summary>What <see cref="DatasetAcquirer.Get(string, TextWriter)"/> did.</summary>
public enum AcquireOutcome
{
    /// <summary>The dataset was already available; nothing was done.</summary>
    AlreadyPresent,

    /// <summary>The dataset was installed now and is available.</summary>
    Installed,

    /// <summary>Nothing needs obtaining (generated data).</summary>
    NothingToObtain,

    /// <summary>Rewind cannot obtain it by itself; the message says exactly what the user should do.</summary>
    UserActionNeeded,

    /// <summary>An installation was attempted and failed; the message says why and what to try.</summary>
    Failed,
}
