namespace Rewind.Runs;

/// <summary>A run a study's executor could not finish: which, how its process or task ended, and the end of its log.</summary>
/// <param name="Directory">The run directory.</param>
/// <param name="Label">The arm.</param>
/// <param name="Seed">The seed.</param>
/// <param name="ExitCode">The exit code of its worker process or cluster task (null when it never ran).</param>
/// <param name="Reason">What happened, e.g. <c>exit code 3</c>, <c>CANCELLED</c> or <c>blocked: dense-s0 failed</c>.</param>
/// <param name="LogTail">The last lines of the run's <c>log.txt</c> (empty when there is none).</param>
public sealed record RunFailure(string Directory, string Label, int Seed, int? ExitCode, string Reason, string LogTail)
{
    /// <summary>The name of the file in each run directory that receives a worker's or task's standard output and error.</summary>
    public const string LogFileName = "log.txt";

    /// <summary>The last <paramref name="lines"/> lines of the log in <paramref name="runDirectory"/> (empty when there is none).</summary>
    public static string TailOfLog(string runDirectory, int lines = 15)
    {
        var path = Path.Combine(runDirectory, LogFileName);
        if (!File.Exists(path)) return "";
        string[] all;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            all = reader.ReadToEnd().Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        }
        catch (IOException)
        {
            return "";
        }
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
    }
}
