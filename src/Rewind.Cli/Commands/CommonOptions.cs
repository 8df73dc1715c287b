using System.CommandLine;

namespace Rewind.Cli.Commands;

/// <summary>Options several verbs share, defined once.</summary>
public static class CommonOptions
{
    /// <summary><c>--set key=value</c>, repeatable: overrides any spec key (dotted names, as in the YAML).</summary>
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a spec key, e.g. --set optimizer.lr=0.05 (repeatable).",
        DefaultValueFactory = _ => [],
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--out DIR</c>: where the command writes.</summary>
    public static Option<string?> Out() => new("--out", "-o") { Description = "Output folder (default: runs/<name>-<timestamp>)." };

    /// <summary><c>--threads N</c>: intra-op threads (0 = default).</summary>
    public static Option<int?> Threads() => new("--threads") { Description = "CPU threads for tensor math (default: the spec's, else all cores)." };

    /// <summary><c>--data DIR</c>: the folder holding the dataset (sets <c>data.dir</c>).</summary>
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder holding the dataset's files (sets data.dir; that folder is used alone, without falling back to other copies).",
    };

    /// <summary>The <c>--set</c> override an explicit <c>--data DIR</c> stands for (an absolute path, so the run resumes from anywhere).</summary>
    public static string DataOverride(string dir) => $"data.dir={Path.GetFullPath(dir)}";

    /// <summary>The default output folder for a name: <c>runs/&lt;safe name&gt;-&lt;timestamp&gt;</c> (the name never chooses the place).</summary>
    public static string DefaultOut(string name) =>
        Path.Combine("runs", $"{Rewind.Storage.FolderName.From(name)}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}");
}
