using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;

namespace Rewind.Pruning;

/// <summary>
/// Owns every file of one run directory (ARCHITECTURE.md): <c>spec.yaml</c> (the resolved spec, written first),
/// <c>init.safetensors</c> and <c>rewind.safetensors</c> (the snapshots strategies rewind to), <c>reuse.json</c>
/// (which finished levels of another run this one copies), and per level <c>levels/NN/</c> with
/// <c>checkpoint.safetensors</c> (the latest epoch boundary), <c>final.safetensors</c>, <c>metrics.jsonl</c>,
/// <c>layers.csv</c>, <c>statistics.json</c>, <c>weight-change.json</c> and <c>summary.json</c> — written last: a level
/// is done exactly when its summary exists — and the run's <c>metrics.csv</c>. Every write goes to a temporary name and
/// is renamed, so a crash at any moment leaves either the old or the new file. The level loop, the observers and the
/// reports reach the files only through this class.
/// </summary>
public sealed partial class RunStore
{
    private const string ReuseFile = "reuse.json";

    private RunStore(string root, RunSpec spec)
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
    public string LevelDir(int level) => Path.Combine(Root, "levels", level.ToString("00", CultureInfo.InvariantCulture));
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

    /// <summary>True when <paramref name="root"/> holds a run (a <c>spec.yaml</c>).</summary>
    public static bool Exists(string root) => File.Exists(Path.Combine(root, "spec.yaml"));

    /// <summary>
    /// Creates (or re-opens, if it holds the same spec) the run directory for <paramref name="spec"/>.
    /// A non-empty folder with another spec, or with files but no spec, is refused with the differences named.
    /// </summary>
    public static RunStore Create(string root, RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
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
            return new RunStore(full, existing);
        }
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new RewindUserException(
                $"{full} is not empty and holds no spec.yaml, so it is not a Rewind run. Choose an empty or new --out folder.");
        Directory.CreateDirectory(full);
        AtomicFile.WriteAllText(specPath, SpecWriter.ToYaml(spec));
        return new RunStore(full, spec);
    }

    /// <summary>Opens an existing run directory.</summary>
    public static RunStore Open(string root)
    {
        var full = Path.GetFullPath(root);
        var specPath = Path.Combine(full, "spec.yaml");
        if (!File.Exists(specPath))
            throw new RewindUserException(
                $"{full} has no spec.yaml, so there is no run to resume there. Start one with `rewind run SPEC --out {root}`.");
        return new RunStore(full, SpecLoader.FromYaml(File.ReadAllText(specPath), specPath, []));
    }

    // ---- Snapshots strategies rewind to ----

    /// <summary>True once θ(0) is stored.</summary>
    public bool HasInit => File.Exists(InitPath);

    /// <summary>Stores θ(0) with a fresh optimizer.</summary>
    public void SaveInit(TrainingState state) => SnapshotFile.Save(InitPath, state);

    /// <summary>Loads θ(0).</summary>
    public TrainingSnapshot LoadInit() => SnapshotFile.Load(InitPath);

    /// <summary>True once a rewind point θ(k), k &gt; 0, is stored (runs rewinding to step 0 use θ(0)).</summary>
    public bool HasRewindPoint => File.Exists(RewindPath);

    /// <summary>Stores the rewind point θ(k) with its optimizer state.</summary>
    public void SaveRewindPoint(TrainingState state) => SnapshotFile.Save(RewindPath, state);

    /// <summary>Loads the rewind point; θ(0) when the run rewinds to step 0 (<paramref name="atInit"/>).</summary>
    public TrainingSnapshot LoadRewindPoint(bool atInit) => SnapshotFile.Load(atInit ? InitPath : RewindPath);

    // ---- Level progress ----

    /// <summary>True when level <paramref name="level"/> has finished.</summary>
    public bool IsLevelDone(int level) => File.Exists(SummaryPath(level));

    /// <summary>True when a level in progress has an epoch-boundary checkpoint to resume from.</summary>
    public bool HasCheckpoint(int level) => File.Exists(CheckpointPath(level));

    /// <summary>Stores the state at an epoch boundary of level <paramref name="level"/> (resume point).</summary>
    public void SaveCheckpoint(int level, TrainingState state, long step, IReadOnlyList<EpochMetrics> history) =>
        Checkpoint.Save(CheckpointPath(level), state, level, step, history);

    /// <summary>Loads the epoch-boundary checkpoint of a level in progress.</summary>
    public Checkpoint LoadCheckpoint(int level) => Checkpoint.Load(CheckpointPath(level));

    /// <summary>True when the end state of level <paramref name="level"/> is stored.</summary>
    public bool HasFinal(int level) => File.Exists(FinalPath(level));

    /// <summary>Stores the end state of a trained level.</summary>
    public void SaveFinal(int level, TrainingState state, long steps, IReadOnlyList<EpochMetrics> history) =>
        Checkpoint.Save(FinalPath(level), state, level, steps, history);

    /// <summary>Loads the end state of a trained level.</summary>
    public Checkpoint LoadFinal(int level)
    {
        if (!HasFinal(level))
            throw new RewindUserException(
                $"{LevelDir(level)}: has no final.safetensors (the level's trained weights); delete levels/ from this level on to have them trained again.");
        return Checkpoint.Load(FinalPath(level));
    }

    /// <summary>
    /// Marks a level done: writes its summary (atomically; this is the marker), removes its resume checkpoint and
    /// rewrites <c>metrics.csv</c> from the finished levels.
    /// </summary>
    public void CompleteLevel(LevelSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.WriteAllText(SummaryPath(summary.Level), JsonSerializer.Serialize(summary, Json.Options) + "\n");
        File.Delete(CheckpointPath(summary.Level));
        WriteMetricsCsv();
    }

    /// <summary>Rewrites <c>metrics.csv</c> (one row per finished level) from the levels' summaries.</summary>
    public void WriteMetricsCsv() => MetricsCsv.Write(MetricsCsvPath, CompletedLevels());

    /// <summary>True when <c>metrics.csv</c> exists.</summary>
    public bool HasMetricsCsv => File.Exists(MetricsCsvPath);

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

    /// <summary>Summaries of all finished levels, in order, stopping at the first unfinished one.</summary>
    public IReadOnlyList<LevelSummary> CompletedLevels()
    {
        var list = new List<LevelSummary>();
        for (int level = 0; IsLevelDone(level); level++) list.Add(ReadSummary(level));
        return list;
    }

    // ---- What observers record per level ----

    /// <summary>Writes the epoch metrics of a level so far (atomically).</summary>
    public void WriteEpochMetrics(int level, IEnumerable<EpochMetrics> epochs) => EpochMetricsJsonl.Write(EpochMetricsPath(level), epochs);

    /// <summary>The epoch metrics a level recorded (empty when it has none yet).</summary>
    public IReadOnlyList<EpochMetrics> ReadEpochMetrics(int level) =>
        File.Exists(EpochMetricsPath(level)) ? EpochMetricsJsonl.Read(EpochMetricsPath(level)) : [];

    /// <summary>The epoch metrics of every finished level, in order.</summary>
    public IReadOnlyList<EpochMetrics> CompletedEpochMetrics() =>
        CompletedLevels().SelectMany(l => ReadEpochMetrics(l.Level)).ToList();

    /// <summary>Writes a level's per-layer table (CSV text, atomically).</summary>
    public void WriteLayers(int level, string csv) => AtomicFile.WriteAllText(LayersPath(level), csv);

    /// <summary>A level's per-layer table as CSV text, or null when the level has none.</summary>
    public string? ReadLayers(int level) => File.Exists(LayersPath(level)) ? File.ReadAllText(LayersPath(level)) : null;

    /// <summary>Writes a level's statistics (atomically).</summary>
    public void WriteStatistics(LevelStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        AtomicFile.WriteAllText(StatisticsPath(statistics.Level), JsonSerializer.Serialize(statistics, Json.Options) + "\n");
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

    /// <summary>True when the level's E_WG over its first epoch is stored.</summary>
    public bool HasWeightChange(int level) => File.Exists(WeightChangePath(level));

    /// <summary>Writes the level's E_WG per layer over its first epoch (atomically).</summary>
    public void WriteWeightChange(int level, IReadOnlyDictionary<string, double> change) =>
        AtomicFile.WriteAllText(WeightChangePath(level), JsonSerializer.Serialize(change, Json.Options) + "\n");

    /// <summary>The level's E_WG per layer, or null when not recorded or unreadable (an analysis-only value).</summary>
    public Dictionary<string, double>? ReadWeightChange(int level)
    {
        var path = WeightChangePath(level);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException)
        {
            return null; // a damaged analysis-only file leaves E_WG unknown rather than stopping the run
        }
    }

    /// <summary>True when a level holds the record file <paramref name="fileName"/> (e.g. <c>signs.json</c>).</summary>
    public bool HasLevelRecord(int level, string fileName) => File.Exists(Path.Combine(LevelDir(level), fileName));

    /// <summary>Writes a JSON record of what an observer measured at a level (atomically), e.g. <c>signs.json</c>.</summary>
    public void WriteLevelRecord<T>(int level, string fileName, T record) =>
        AtomicFile.WriteAllText(Path.Combine(LevelDir(level), fileName), JsonSerializer.Serialize(record, Json.Options) + "\n");

    /// <summary>Reads a level's JSON record, or default when the level has none; a damaged file is a user error naming it.</summary>
    public T? ReadLevelRecord<T>(int level, string fileName)
    {
        var path = Path.Combine(LevelDir(level), fileName);
        if (!File.Exists(path)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable ({e.Message}). Delete it; `rewind analyze {Root}` measures it again.", e);
        }
    }

    /// <summary>Writes a JSON record about the whole run into its directory (atomically), e.g. <c>sign-history.json</c>.</summary>
    public void WriteRunRecord<T>(string fileName, T record) =>
        AtomicFile.WriteAllText(Path.Combine(Root, fileName), JsonSerializer.Serialize(record, Json.Options) + "\n");

    /// <summary>Reads a JSON record about the whole run, or default when there is none.</summary>
    public T? ReadRunRecord<T>(string fileName)
    {
        var path = Path.Combine(Root, fileName);
        if (!File.Exists(path)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json.Options);
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable ({e.Message}). Delete it; `rewind analyze {Root}` computes it again.", e);
        }
    }

    // ---- Reusing another run's finished levels ----

    /// <summary>Records that this run copies agreeing finished levels of another run (read by <see cref="RecordedReuse"/>).</summary>
    public void RecordReuse(LevelReuse reuse)
    {
        ArgumentNullException.ThrowIfNull(reuse);
        var from = Path.GetRelativePath(Root, Path.GetFullPath(reuse.From));
        AtomicFile.WriteAllText(Path.Combine(Root, ReuseFile),
            JsonSerializer.Serialize(new LevelReuse(from, reuse.MaxLevels), Json.Options) + "\n");
    }

    /// <summary>The level reuse this run records (source as an absolute path), or null.</summary>
    public LevelReuse? RecordedReuse()
    {
        var path = Path.Combine(Root, ReuseFile);
        if (!File.Exists(path)) return null;
        var r = JsonSerializer.Deserialize<LevelReuse>(File.ReadAllText(path), Json.Options)
                ?? throw new RewindUserException($"{path}: empty reuse record; delete it.");
        return r with { From = Path.GetFullPath(Path.Combine(Root, r.From)) };
    }

    /// <summary>
    /// Copies finished levels <paramref name="first"/>..<paramref name="end"/>−1 of <paramref name="source"/> (and the
    /// snapshots) into this run: every file atomically (hard link or copy under a temporary name, then rename), the
    /// summary last, so each copied level is either absent or complete.
    /// </summary>
    public void CopyLevelsFrom(RunStore source, int first, int end)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!HasInit) CopyFile(source.InitPath, InitPath);
        if (File.Exists(source.RewindPath) && !File.Exists(RewindPath)) CopyFile(source.RewindPath, RewindPath);
        for (int level = first; level < end; level++)
        {
            foreach (var (from, to) in new[]
                     {
                         (source.FinalPath(level), FinalPath(level)),
                         (source.EpochMetricsPath(level), EpochMetricsPath(level)),
                         (source.LayersPath(level), LayersPath(level)),
                         (source.StatisticsPath(level), StatisticsPath(level)),
                         (source.WeightChangePath(level), WeightChangePath(level)),
                     })
                if (File.Exists(from)) CopyFile(from, to);
            foreach (var record in Directory.Exists(source.LevelDir(level)) ? Directory.GetFiles(source.LevelDir(level), "*.json") : [])
            {
                var name = Path.GetFileName(record);
                if (name is not ("summary.json" or "statistics.json" or "weight-change.json")) CopyFile(record, Path.Combine(LevelDir(level), name));
            }
            File.Delete(CheckpointPath(level));
            CopyFile(source.SummaryPath(level), SummaryPath(level)); // last: marks the level done
        }
        WriteMetricsCsv();
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        var tmp = to + ".tmp";
        File.Delete(tmp);
        // Finished files are never rewritten, so a hard link is as good as a copy and costs no space.
        if (!OperatingSystem.IsLinux() || Link(from, tmp) != 0) File.Copy(from, tmp, overwrite: true);
        File.Move(tmp, to, overwrite: true);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
