using System.Text.Json;
using Rewind.Specs;
using Rewind.Storage;

namespace Rewind.Pruning;

/// <summary>
/// The on-disk home of one run (ARCHITECTURE.md): <c>spec.yaml</c> (resolved, written first), <c>init.safetensors</c>
/// and <c>rewind.safetensors</c> (snapshots strategies rewind to), <c>levels/NN/</c> with <c>checkpoint.safetensors</c>
/// (latest epoch boundary), <c>final.safetensors</c>, <c>metrics.jsonl</c> and <c>summary.json</c> (written last: a
/// level is done exactly when it exists), and <c>metrics.csv</c>, <c>report.md</c>, <c>plots/</c>. Every file is
/// written to a temporary name and renamed, so a crash at any moment leaves either the old or the new file.
/// </summary>
public sealed class RunDirectory
{
    private RunDirectory(string root, RunSpec spec)
    {
        Root = Path.GetFullPath(root);
        Spec = spec;
    }

    /// <summary>Absolute path of the run directory.</summary>
    public string Root { get; }

    /// <summary>The resolved spec of the run.</summary>
    public RunSpec Spec { get; }

    /// <summary><c>spec.yaml</c>.</summary>
    public string SpecPath => Path.Combine(Root, "spec.yaml");
    /// <summary>θ(0): the initial weights.</summary>
    public string InitPath => Path.Combine(Root, "init.safetensors");
    /// <summary>θ(k) and optimizer state at the rewind point.</summary>
    public string RewindPath => Path.Combine(Root, "rewind.safetensors");
    /// <summary>The run's per-level table.</summary>
    public string MetricsCsvPath => Path.Combine(Root, "metrics.csv");

    /// <summary>Folder of level <paramref name="level"/>.</summary>
    public string LevelDir(int level) => Path.Combine(Root, "levels", level.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
    /// <summary>Latest epoch-boundary checkpoint of a level in progress.</summary>
    public string CheckpointPath(int level) => Path.Combine(LevelDir(level), "checkpoint.safetensors");
    /// <summary>State at the end of a level (weights, mask, optimizer).</summary>
    public string FinalPath(int level) => Path.Combine(LevelDir(level), "final.safetensors");
    /// <summary>Per-epoch metrics of a level.</summary>
    public string EpochMetricsPath(int level) => Path.Combine(LevelDir(level), "metrics.jsonl");
    /// <summary>Per-layer weights, remaining weights and density of the level's mask.</summary>
    public string LayersPath(int level) => Path.Combine(LevelDir(level), "layers.csv");
    /// <summary>The level's summary; its existence marks the level as done.</summary>
    public string SummaryPath(int level) => Path.Combine(LevelDir(level), "summary.json");
    /// <summary>What the trained level showed (gradient distribution, E_AA, E_WG; <see cref="LevelStatistics"/>).</summary>
    public string StatisticsPath(int level) => Path.Combine(LevelDir(level), "statistics.json");
    /// <summary>E_WG per layer over the level's first epoch, written at the first epoch boundary.</summary>
    public string WeightChangePath(int level) => Path.Combine(LevelDir(level), "weight-change.json");

    /// <summary>True when level <paramref name="level"/> has finished.</summary>
    public bool IsLevelDone(int level) => File.Exists(SummaryPath(level));

    /// <summary>
    /// Creates (or re-opens, if it holds the same spec) the run directory for <paramref name="spec"/>.
    /// A non-empty folder with another spec, or with files but no spec, is refused with the differences named.
    /// </summary>
    public static RunDirectory Create(string root, RunSpec spec)
    {
        var full = Path.GetFullPath(root);
        var specPath = Path.Combine(full, "spec.yaml");
        if (File.Exists(specPath))
        {
            var existing = SpecLoader.FromYaml(File.ReadAllText(specPath), specPath, []);
            var diffs = SpecDiff.Differences(existing, spec);
            if (diffs.Count > 0)
                throw new RewindUserException(
                    $"{full} already holds a run of a different spec ({string.Join("; ", diffs)}). " +
                    "Choose another --out, delete the folder, or continue that run with `rewind run --resume " + root + "`.");
            return new RunDirectory(full, existing);
        }
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new RewindUserException(
                $"{full} is not empty and holds no spec.yaml, so it is not a Rewind run. Choose an empty or new --out folder.");
        Directory.CreateDirectory(full);
        AtomicFile.WriteAllText(specPath, SpecWriter.ToYaml(spec));
        return new RunDirectory(full, spec);
    }

    /// <summary>Opens an existing run directory for resuming.</summary>
    public static RunDirectory Open(string root)
    {
        var full = Path.GetFullPath(root);
        var specPath = Path.Combine(full, "spec.yaml");
        if (!File.Exists(specPath))
            throw new RewindUserException(
                $"{full} has no spec.yaml, so there is no run to resume there. Start one with `rewind run SPEC --out {root}`.");
        return new RunDirectory(full, SpecLoader.FromYaml(File.ReadAllText(specPath), specPath, []));
    }

    /// <summary>Reads the summary of a finished level.</summary>
    public LevelSummary ReadSummary(int level)
    {
        var path = SummaryPath(level);
        try
        {
            return JsonSerializer.Deserialize<LevelSummary>(File.ReadAllText(path), Json.Options)
                   ?? throw new RewindUserException($"{path}: empty summary.");
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable level summary ({e.Message}). Delete it to re-run that level.", e);
        }
    }

    /// <summary>Reads a level's statistics, or null if the level has none (a run from before they were recorded).</summary>
    public LevelStatistics? ReadStatistics(int level)
    {
        var path = StatisticsPath(level);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<LevelStatistics>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable level statistics ({e.Message}). Delete it to have it measured again.", e);
        }
    }

    /// <summary>Writes a level's statistics (atomically).</summary>
    public void WriteStatistics(LevelStatistics statistics) =>
        AtomicFile.WriteAllText(StatisticsPath(statistics.Level), JsonSerializer.Serialize(statistics, Json.Options) + "\n");

    /// <summary>Writes the summary of a finished level (atomically; this marks the level done).</summary>
    public void WriteSummary(LevelSummary summary) =>
        AtomicFile.WriteAllText(SummaryPath(summary.Level), JsonSerializer.Serialize(summary, Json.Options) + "\n");

    /// <summary>Summaries of all finished levels, in order, stopping at the first unfinished one.</summary>
    public IReadOnlyList<LevelSummary> CompletedLevels()
    {
        var list = new List<LevelSummary>();
        for (int level = 0; IsLevelDone(level); level++) list.Add(ReadSummary(level));
        return list;
    }
}
