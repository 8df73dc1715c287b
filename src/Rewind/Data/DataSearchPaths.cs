namespace Rewind.Data;

/// <summary>The places <see cref="DataCatalog"/> looks for dataset files, in search order.</summary>
/// <param name="ExplicitDir">The folder given with <c>--data DIR</c> or <c>data.dir</c>, if any.</param>
/// <param name="EnvironmentDir">The folder named by the <c>REWIND_DATA</c> environment variable, if set.</param>
/// <param name="CacheRoot">The user cache root, <c>$XDG_CACHE_HOME/rewind/datasets</c> or <c>~/.cache/rewind/datasets</c>.</param>
/// <param name="SystemRoot">The system-wide root where Debian dataset packages install, <c>/usr/share/datasets</c>.</param>
public sealed record DataSearchPaths(string? ExplicitDir, string? EnvironmentDir, string? CacheRoot, string SystemRoot)
{
    /// <summary>The environment variable naming an extra data folder.</summary>
    public const string EnvironmentVariable = "REWIND_DATA";

    /// <summary>The system-wide dataset root used by the Debian dataset packages.</summary>
    public const string DefaultSystemRoot = "/usr/share/datasets";

    /// <summary>The search paths of this process: <paramref name="dataDir"/>, <c>REWIND_DATA</c>, the user cache, /usr/share/datasets.</summary>
    public static DataSearchPaths FromEnvironment(string? dataDir) =>
        FromVariables(dataDir, Environment.GetEnvironmentVariable);

    /// <summary>The search paths given an environment lookup (for tests and embedding).</summary>
    public static DataSearchPaths FromVariables(string? dataDir, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? home = NonEmpty(getVariable("HOME"));
        string? xdg = NonEmpty(getVariable("XDG_CACHE_HOME"));
        string? cacheBase = xdg is not null && Path.IsPathRooted(xdg)
            ? xdg
            : home is not null ? Path.Combine(home, ".cache") : null;
        return new DataSearchPaths(
            Expand(NonEmpty(dataDir), home),
            Expand(NonEmpty(getVariable(EnvironmentVariable)), home),
            cacheBase is null ? null : Path.Combine(cacheBase, "rewind", "datasets"),
            DefaultSystemRoot);
    }

    /// <summary>The candidate folders for dataset <paramref name="name"/>, in search order.</summary>
    public IReadOnlyList<string> CandidateFolders(string name)
    {
        var folders = new List<string>();
        if (ExplicitDir is not null)
        {
            folders.Add(ExplicitDir);
            folders.Add(Path.Combine(ExplicitDir, name));
        }

        if (EnvironmentDir is not null)
        {
            folders.Add(EnvironmentDir);
            folders.Add(Path.Combine(EnvironmentDir, name));
        }

        if (CacheRoot is not null)
        {
            folders.Add(Path.Combine(CacheRoot, name));
        }

        folders.Add(Path.Combine(SystemRoot, name));
        return folders;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Expand(string? dir, string? home)
    {
        if (dir is null)
        {
            return null;
        }

        if (home is not null && (dir == "~" || dir.StartsWith("~/", StringComparison.Ordinal)))
        {
            dir = Path.Combine(home, dir.Length > 2 ? dir[2..] : "");
        }

        return Path.GetFullPath(dir);
    }
}
