namespace Rewind.Cli;

/// <summary>Process exit codes (documented in README "When things go wrong").</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A bug in Rewind (the message carries the stack).</summary>
    public const int InternalError = 1;
    /// <summary>A user mistake or a damaged/locked run (bad spec, missing file, changed spec, run in use): the message says what to fix.</summary>
    public const int UserError = 2;
    /// <summary>The machine refused (disk full, permission denied, read-only or immutable folder, name too long): the message names the path and what to do.</summary>
    public const int Environment = 3;
    /// <summary>Some runs of a study did not finish in their workers or cluster tasks (listed with their logs); the others did.</summary>
    public const int RunsFailed = 4;
    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT); rerunning continues.</summary>
    public const int Interrupted = 130;
}
