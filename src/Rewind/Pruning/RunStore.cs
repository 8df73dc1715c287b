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
/// (which finished levels of another run this one copies), <c>data.json</c> (the data files read), <c>run.lock</c>
/// (held by the one process writing the run), and per level <c>levels/NN/</c> with
/// <c>checkpoint.safetensors</c> (the latest epoch boundary), <c>final.safetensors</c>, <c>metrics.jsonl</c>,
/// <c>layers.csv</c>, <c>statistics.json</c>, <c>weight-change.json</c> and <c>summary.json</c> — written last: a level
/// is done exactly when its summary exists — and the run's <c>metrics.csv</c>. Every write goes to a temporary name and
/// is renamed, so a crash at any moment leaves either the old or the new file. The level loop, the observers and the
/// reports reach the files only through this class.
/// <para>
/// Integrity: <c>spec.yaml</c> is bound to its content by a SHA-256 that every tensor file and level summary records
/// too (tensor files with a copy of the spec); every tensor file carries a checksum verified on load, checkpoints the
/// alive count of each mask; a run refuses a changed spec, damaged files and other data with a message naming the file
/// and <c>rewind repair DIR</c> (<see cref="RunRepair"/>). Runs written before these records are read unchecked.
/// </para>
/// </summary>
public sealed partial class RunStore
{
    private const string ReuseFile = "reuse.json";

    private RunStore(string root, RunSpec spec, string specText, bool specBound)
    {
        Root = Path.GetFullPath(root);
        Spec = spec;
        SpecText = specText;
        SpecSha256 = RunSpecFile.Sha256(specText);
        SpecBound = specBound;
    }

    /// <summary>Absolute path of the run directory.</summary>
    public string Root { get; }

    /// <summary>The resolved spec of the run.</summary>
    public RunSpec Spec { get; }

    /// <summary>The text of the run's spec as stored in <c>spec.yaml</c> (without its binding line).</summary>
    public string SpecText { get; }

    /// <summary>SHA-256 of <see cref="SpecText"/>: recorded in every file the run writes.</summary>
    public string SpecSha256 { get; }

    /// <summary>False for a <c>spec.yaml</c> written by an older Rewind, without its binding line.</summary>
    public bool SpecBound { get; }

    /// <summary><c>spec.yaml</c>.</summary>
    public string SpecPath => Path.Combine(Root, "spec.yaml");
    /// <summary>θ(0): the initial weights.</summary>
    public string InitPath => Path.Combine(Root, "init.safetensors");
    /// <summary>θ(k) and optimizer state at the rewind point.</summary>
    public string RewindPath => Path.Combine(Root, "rewind.safetensors");
    /// <summary>The run's per-level table.</summary>
    public string MetricsCsvPath => Path.Combine(Root, "metrics.csv");
    /// <summary>The files the run read its data from (<see cref="DataRecord"/>).</summary>
    public string DataRecordPath => Path.Combine(Root, "data.json");
    /// <summary>The folder holding every level's folder.</summary>
    public string LevelsDir => Path.Combine(Root, "levels");

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

    /// <summary>True once the run has stored anything besides its spec (θ(0) or a level).</summary>
    public bool HasStarted => HasInit || (Directory.Exists(LevelsDir) && Directory.EnumerateFileSystemEntries(LevelsDir).Any());

    /// <summary>
    /// Creates (or re-opens, if it holds the same spec) the run directory for <paramref name="spec"/>. A non-empty
    /// folder with another spec, or with files but no spec, is refused with the differences named — except a run that
    /// has not started (nothing but its spec), whose spec is replaced, so a corrected spec can always be started. A
    /// folder this call created is removed again when writing the spec fails (a full disk, a read-only folder).
    /// </summary>
    public static RunStore Create(string root, RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var full = CheckFolderPath(root);
        var specPath = Path.Combine(full, "spec.yaml");
        var body = SpecWriter.ToYaml(spec);
        if (File.Exists(specPath))
        {
            var existing = Open(root);
            var diffs = SpecDiff.Differences(existing.Spec, spec);
            if (diffs.Count == 0) return existing;
            if (existing.HasStarted)
                throw new RewindUserException(
                    $"{full} already holds a run of a different spec ({string.Join("; ", diffs)}). " +
                    "Choose another --out, delete the folder, or continue that run with `rewind run --resume " + root + "`.");
            using (RunLock.Acquire(full)) RunSpecFile.Write(specPath, body); // nothing trained yet: the corrected spec replaces it
            return new RunStore(full, spec, body, specBound: true);
        }
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            if (Directory.Exists(Path.Combine(full, "levels")) || File.Exists(Path.Combine(full, "init.safetensors")))
                throw new RewindUserException(
                    $"{specPath} is missing, but {full} holds a run's files. `rewind repair {root}` restores the spec from the copy " +
                    "its checkpoints record; then continue with `rewind run --resume " + root + "`.");
            throw new RewindUserException(
                $"{full} is not empty and holds no spec.yaml, so it is not a Rewind run. Choose an empty or new --out folder.");
        }
        bool created = !Directory.Exists(full);
        try
        {
            Directory.CreateDirectory(full);
            RunSpecFile.Write(specPath, body);
        }
        catch (Exception) when (created)
        {
            try { if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any()) Directory.Delete(full); }
            catch (IOException) { } // best effort: the original error is the one to report
            catch (UnauthorizedAccessException) { }
            throw;
        }
        return new RunStore(full, spec, body, specBound: true);
    }

    /// <summary>
    /// Opens an existing run directory, checking its <c>spec.yaml</c>: empty, unreadable, changed after it was written,
    /// or different from the spec the run's levels record, it is refused (naming the file and <c>rewind repair</c>).
    /// </summary>
    public static RunStore Open(string root)
    {
        var full = Path.GetFullPath(root);
        var specPath = Path.Combine(full, "spec.yaml");
        if (!File.Exists(specPath))
        {
            if (Directory.Exists(Path.Combine(full, "levels")) || File.Exists(Path.Combine(full, "init.safetensors")))
                throw new RewindUserException(
                    $"{specPath} is missing, but the folder holds a run's files. `rewind repair {root}` restores the spec from " +
                    "the copy its checkpoints record.");
            throw new RewindUserException(
                Directory.Exists(full)
                    ? $"{full} has no spec.yaml, so it holds no Rewind run. Start one with `rewind run SPEC --out {root}`."
                    : $"{full}: no such folder, so there is no run there. Start one with `rewind run SPEC --out {root}`.");
        }
        var (recorded, body, sha) = RunSpecFile.Read(specPath);
        if (body.Trim().Length == 0) throw SpecDamaged(root, specPath, "is empty");
        if (recorded is not null && recorded != sha)
            throw SpecDamaged(root, specPath, "was changed after the run wrote it (its content no longer matches the sha256 on its first line)");
        RunSpec spec;
        try { spec = SpecLoader.FromYaml(body, specPath, []); }
        catch (RewindUserException e) { throw SpecDamaged(root, specPath, "cannot be read:\n" + e.Message); }
        var store = new RunStore(full, spec, body, recorded is not null);
        if (store.LevelRecordingAnotherSpec() is { } other)
            throw SpecDamaged(root, specPath, $"is not the spec {other.Path} records (sha256 {other.Sha[..12]}… there, {store.SpecSha256[..12]}… here)");
        return store;
    }

    private static RewindUserException SpecDamaged(string root, string specPath, string problem) =>
        new($"{specPath} {problem}. A run keeps the spec it was trained with, so Rewind will not continue or report it " +
            $"with this one. `rewind repair {root}` restores spec.yaml from the copy the run's checkpoints record; to train " +
            "another spec, start a new run with another --out.");

    /// <summary>The first summary of a level this run trained itself whose spec hash differs from <see cref="SpecSha256"/>, or null.</summary>
    private (string Path, string Sha)? LevelRecordingAnotherSpec()
    {
        for (int level = 0; IsLevelDone(level); level++)
        {
            if (SummarySpecSha256(level) is { } h && h != SpecSha256 && !IsReused(level))
                return (Path.GetRelativePath(Root, SummaryPath(level)), h);
        }
        return null;
    }

    /// <summary>True when level <paramref name="level"/> may have been copied from another run (<c>reuse.json</c>), whose spec it then records.</summary>
    internal bool IsReused(int level)
    {
        try { return RecordedReuse() is { } r && level < r.MaxLevels; }
        catch (Exception e) when (e is RewindUserException or JsonException) { return false; }
    }

    /// <summary>
    /// The full path of a run folder to create, refusing (as a user error) a path that is a file or device, or whose
    /// folder names the file system cannot store.
    /// </summary>
    private static string CheckFolderPath(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        if (File.Exists(full))
            throw new RewindUserException($"--out {root}: {full} is a file, not a folder; a run needs a folder of its own. Choose a folder path with --out.");
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (System.Text.Encoding.UTF8.GetByteCount(part) > 255)
                throw new RewindUserException(
                    $"--out {(root.Length > 80 ? root[..77] + "..." : root)}: the folder name '{part[..Math.Min(40, part.Length)]}…' is " +
                    $"{System.Text.Encoding.UTF8.GetByteCount(part)} bytes long; file systems allow 255. Choose a shorter --out.");
        }
        return full;
    }

    /// <summary>Takes the run's lock (<see cref="RunLock"/>): one process at a time may write the run.</summary>
    public RunLock Lock() => RunLock.Acquire(Root);

    /// <summary>What every tensor file of this run records besides its tensors: the spec's hash and the spec itself.</summary>
    private Dictionary<string, string> Binding() => new(StringComparer.Ordinal)
    {
        [RunSpecFile.HashKey] = SpecSha256,
        [RunSpecFile.TextKey] = SpecText,
    };

    /// <summary>What to do about a damaged file of level <paramref name="level"/> (−1: θ(0), recreated from the seed).</summary>
    internal string RepairAdvice(int level) => level < 0
        ? $"Run `rewind repair {Root}`: it removes the file, and `rewind run --resume {Root}` recreates θ(0) from the seed."
        : $"Run `rewind repair {Root}`: it drops level {level} and every later level, and `rewind run --resume {Root}` " +
          "trains them again (with the same results, for the same thread count).";

    private T Guarded<T>(int level, Func<T> load)
    {
        try { return load(); }
        catch (RewindUserException e) { throw new RewindUserException($"{e.Message} {RepairAdvice(level)}", e); }
    }

    // ---- Snapshots strategies rewind to ----

    /// <summary>True once θ(0) is stored.</summary>
    public bool HasInit => File.Exists(InitPath);

    /// <summary>Stores θ(0) with a fresh optimizer.</summary>
    public void SaveInit(TrainingState state) => SnapshotFile.Save(InitPath, state, Binding());

    /// <summary>Loads θ(0) (checksum verified).</summary>
    public TrainingSnapshot LoadInit() => Guarded(-1, () => SnapshotFile.Load(InitPath));

    /// <summary>True once a rewind point θ(k), k &gt; 0, is stored (runs rewinding to step 0 use θ(0)).</summary>
    public bool HasRewindPoint => File.Exists(RewindPath);

    /// <summary>Stores the rewind point θ(k) with its optimizer state.</summary>
    public void SaveRewindPoint(TrainingState state) => SnapshotFile.Save(RewindPath, state, Binding());

    /// <summary>Loads the rewind point; θ(0) when the run rewinds to step 0 (<paramref name="atInit"/>).</summary>
    public TrainingSnapshot LoadRewindPoint(bool atInit) =>
        atInit ? LoadInit() : Guarded(0, () => SnapshotFile.Load(RewindPath));

    // ---- Level progress ----

    /// <summary>True when level <paramref name="level"/> has finished.</summary>
    public bool IsLevelDone(int level) => File.Exists(SummaryPath(level));

    /// <summary>True when a level in progress has an epoch-boundary checkpoint to resume from.</summary>
    public bool HasCheckpoint(int level) => File.Exists(CheckpointPath(level));

    /// <summary>Stores the state at an epoch boundary of level <paramref name="level"/> (resume point).</summary>
    public void SaveCheckpoint(int level, TrainingState state, long step, IReadOnlyList<EpochMetrics> history) =>
        Checkpoint.Save(CheckpointPath(level), state, level, step, history, Binding());

    /// <summary>Loads the epoch-boundary checkpoint of a level in progress (checksum and masks verified).</summary>
    public Checkpoint LoadCheckpoint(int level) => Guarded(level, () => Checkpoint.Load(CheckpointPath(level)));

    /// <summary>True when the end state of level <paramref name="level"/> is stored.</summary>
    public bool HasFinal(int level) => File.Exists(FinalPath(level));

    /// <summary>Stores the end state of a trained level.</summary>
    public void SaveFinal(int level, TrainingState state, long steps, IReadOnlyList<EpochMetrics> history) =>
        Checkpoint.Save(FinalPath(level), state, level, steps, history, Binding());

    /// <summary>Loads the end state of a trained level (checksum and masks verified; for a finished level, its remaining weights against the summary).</summary>
    public Checkpoint LoadFinal(int level)
    {
        if (!HasFinal(level))
            throw new RewindUserException($"{FinalPath(level)} is missing (the level's trained weights). {RepairAdvice(level)}");
        var final = Guarded(level, () => Checkpoint.Load(FinalPath(level)));
        if (IsLevelDone(level) && ReadSummary(level) is { } summary && final.IsChecked && summary.RemainingWeights != final.Remaining)
        {
            final.Dispose();
            throw new RewindUserException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{FinalPath(level)}: its masks keep {final.Remaining} weights but {SummaryPath(level)} records {summary.RemainingWeights}, so one of them is damaged. {RepairAdvice(level)}"));
        }
        return final;
    }

    /// <summary>
    /// Marks a level done: writes its summary (atomically; this is the marker) bound to the run's spec, removes its
    /// resume checkpoint and rewrites <c>metrics.csv</c> from the finished levels.
    /// </summary>
    public void CompleteLevel(LevelSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var json = JsonSerializer.SerializeToNode(summary, Json.Options)!.AsObject();
        json[RunSpecFile.HashKey] = SpecSha256; // the binding: not a metric, so not a member of LevelSummary
        AtomicFile.WriteAllText(SummaryPath(summary.Level), json.ToJsonString(Json.Options) + "\n");
        File.Delete(CheckpointPath(summary.Level));
        WriteMetricsCsv();
    }

    /// <summary>The spec hash a finished level's summary records, or null (a summary written by an older Rewind, or unreadable).</summary>
    public string? SummarySpecSha256(int level)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(SummaryPath(level)));
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty(RunSpecFile.HashKey, out var h) && h.ValueKind == JsonValueKind.String
                ? h.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
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
                   ?? throw new RewindUserException($"{path}: empty summary. {RepairAdvice(level)}");
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable level summary ({e.Message}). {RepairAdvice(level)}", e);
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
        File.Exists(EpochMetricsPath(level)) ? Guarded(level, () => EpochMetricsJsonl.Read(EpochMetricsPath(level))) : [];

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
            throw new RewindUserException($"{path}: unreadable level statistics ({e.Message}). {RepairAdvice(level)}", e);
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

    // ---- The data the run reads ----

    /// <summary>
    /// Compares the data files about to be read with those the run recorded (<c>data.json</c>): other data is a user
    /// error naming the files; a run without a record (new, or written by an older Rewind, whose legacy note says so)
    /// records them now.
    /// </summary>
    public void CheckData(DataRecord current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (File.Exists(DataRecordPath))
        {
            DataRecord? recorded;
            try { recorded = JsonSerializer.Deserialize<DataRecord>(File.ReadAllText(DataRecordPath), Json.Options); }
            catch (JsonException e) { throw new RewindUserException($"{DataRecordPath}: unreadable ({e.Message}). `rewind repair {Root}` removes it; the next resume records the data again.", e); }
            if (recorded is null) throw new RewindUserException($"{DataRecordPath}: empty. `rewind repair {Root}` removes it.");
            var diffs = recorded.Differences(current);
            if (diffs.Count == 0) return;
            throw new RewindUserException(
                $"{Root} was trained on other data than Rewind finds now ({DataRecordPath}):\n  " + string.Join("\n  ", diffs.Take(10)) +
                "\nA run keeps its data: point data.dir (or REWIND_DATA) at the recorded files again, or start a new run with another --out.");
        }
        AtomicFile.WriteAllText(DataRecordPath, JsonSerializer.Serialize(current, Json.Options) + "\n");
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
