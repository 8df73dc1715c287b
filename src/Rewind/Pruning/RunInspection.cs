using System.Globalization;
using System.Text.Json;
using Rewind.Storage;

namespace Rewind.Pruning;

/// <summary>
/// An integrity scan of a run directory, without loading a model: every tensor file's checksum, every mask (only 0
/// and 1, as many ones as recorded, as many as the level's summary says), every level summary, epoch log and statistics
/// file, the spec hash each records, level folders left behind by an earlier attempt, and the data record. The level
/// loop refuses to continue a damaged run (<see cref="Require"/>); <see cref="RunRepair"/> drops what is damaged.
/// Files written before Rewind recorded checksums are counted as unchecked, never as damaged.
/// </summary>
public sealed class RunInspection
{
    private RunInspection(RunStore store, IReadOnlyList<RunDamage> damage, int uncheckedFiles, int uncheckedSummaries)
    {
        Store = store;
        Damage = damage;
        UncheckedFiles = uncheckedFiles;
        UncheckedSummaries = uncheckedSummaries;
    }

    /// <summary>The run inspected.</summary>
    public RunStore Store { get; }

    /// <summary>Every damaged file found, in level order.</summary>
    public IReadOnlyList<RunDamage> Damage { get; }

    /// <summary>Tensor files without a checksum (written by an older Rewind): read unchecked.</summary>
    public int UncheckedFiles { get; }

    /// <summary>Level summaries without the spec's hash (written by an older Rewind).</summary>
    public int UncheckedSummaries { get; }

    /// <summary>The first level a repair drops (it and every later one), or null when no level is damaged.</summary>
    public int? DropFrom => Damage.Where(d => d.DropFrom is not null).Select(d => d.DropFrom).Min();

    /// <summary>Scans every file of <paramref name="store"/>.</summary>
    public static RunInspection Of(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var damage = new List<RunDamage>();
        int uncheckedFiles = 0, uncheckedSummaries = 0;

        void Tensors(string path, int? dropFrom, bool reused, long? summaryRemaining)
        {
            SafeTensorsFile file;
            try { file = SafeTensors.Read(path); }
            catch (RewindUserException e) { damage.Add(new RunDamage(path, Problem(path, e.Message), dropFrom)); return; }
            if (!file.IsChecked) uncheckedFiles++;
            if (file.Metadata.TryGetValue(RunSpecFile.HashKey, out var h) && h != store.SpecSha256 && !reused)
                damage.Add(new RunDamage(path, $"written for another spec (sha256 {Short(h)}, spec.yaml has {Short(store.SpecSha256)})", dropFrom));
            if (MaskProblem(file, summaryRemaining) is { } problem) damage.Add(new RunDamage(path, problem, dropFrom));
        }

        if (File.Exists(store.InitPath)) Tensors(store.InitPath, null, store.IsReused(0), null);
        if (File.Exists(store.RewindPath)) Tensors(store.RewindPath, 0, store.IsReused(0), null);
        int open = 0;
        while (store.IsLevelDone(open)) open++;
        for (int level = 0; level < open; level++)
        {
            bool reused = store.IsReused(level);
            var summaryPath = store.SummaryPath(level);
            LevelSummary? summary = null;
            try { summary = JsonSerializer.Deserialize<LevelSummary>(File.ReadAllText(summaryPath), Json.Options); }
            catch (JsonException e) { damage.Add(new RunDamage(summaryPath, $"unreadable ({e.Message})", level)); }
            if (summary is null)
            {
                if (damage.Count == 0 || damage[^1].Path != summaryPath) damage.Add(new RunDamage(summaryPath, "empty", level));
                continue;
            }
            var bound = store.SummarySpecSha256(level);
            if (bound is null) uncheckedSummaries++;
            else if (bound != store.SpecSha256 && !reused)
                damage.Add(new RunDamage(summaryPath, $"records another spec (sha256 {Short(bound)})", level));
            if (!store.HasFinal(level)) damage.Add(new RunDamage(store.FinalPath(level), "missing (the level's trained weights)", level));
            else Tensors(store.FinalPath(level), level, reused, summary.RemainingWeights);
            Parse(store.EpochMetricsPath(level), level, damage, p => EpochMetricsJsonl.Read(p));
            Parse(store.StatisticsPath(level), level, damage, p => JsonSerializer.Deserialize<LevelStatistics>(File.ReadAllText(p), Json.Options));
        }
        if (File.Exists(store.CheckpointPath(open))) Tensors(store.CheckpointPath(open), open, false, null);
        if (File.Exists(store.FinalPath(open))) Tensors(store.FinalPath(open), open, false, null);
        foreach (var (level, dir) in LevelFolders(store).Where(l => l.Level > open))
            damage.Add(new RunDamage(dir, $"left from an earlier attempt: level {open} is not finished, so level {level} cannot be", level));
        if (File.Exists(store.DataRecordPath))
            Parse(store.DataRecordPath, null, damage, p => JsonSerializer.Deserialize<DataRecord>(File.ReadAllText(p), Json.Options)
                                                           ?? throw new JsonException("empty"));
        return new RunInspection(store, damage, uncheckedFiles, uncheckedSummaries);
    }

    /// <summary>
    /// Returns the notes worth telling the user (a run written by an older Rewind is read unchecked), or throws a
    /// <see cref="RewindUserException"/> naming every damaged file and the repair.
    /// </summary>
    public IReadOnlyList<string> Require()
    {
        if (Damage.Count > 0) throw new RewindUserException(DamageMessage());
        return LegacyNote() is { } note ? [note] : [];
    }

    /// <summary>The user message for <see cref="Damage"/>: the files, the problems, and what <c>rewind repair</c> will do.</summary>
    public string DamageMessage()
    {
        var root = Store.Root;
        var lines = new List<string> { $"{root} has damaged files, so Rewind will not continue it as it is:" };
        lines.AddRange(Damage.Take(10).Select(d => $"  {Path.GetRelativePath(root, d.Path)}: {d.Problem}"));
        if (Damage.Count > 10) lines.Add($"  … and {Damage.Count - 10} more");
        var removed = Damage.Where(d => d.DropFrom is null).Select(d => Path.GetFileName(d.Path)).ToList();
        var does = new List<string>();
        if (DropFrom is int from) does.Add($"drops level {from} and every later level");
        if (removed.Count > 0) does.Add($"removes {string.Join(" and ", removed)} (recreated from the seed and the data)");
        lines.Add($"Run `rewind repair {root}`: it {string.Join(", and ", does)}; then `rewind run --resume {root}` trains " +
                  "what was dropped again, with the same results (same thread count).");
        return string.Join("\n", lines);
    }

    /// <summary>One sentence when the run holds records written before Rewind checked them, else null.</summary>
    public string? LegacyNote()
    {
        if (Store.SpecBound && UncheckedFiles == 0 && UncheckedSummaries == 0) return null;
        if (!Store.HasStarted) return null;
        var summaries = UncheckedSummaries == 1 ? "level summary" : "level summaries";
        var spec = Store.SpecBound ? "no" : "a";
        var data = File.Exists(Store.DataRecordPath) ? "" : ", and its data files are recorded from now on";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Store.Root} was written by an older Rewind: {UncheckedFiles} tensor file(s) without checksums, {UncheckedSummaries} {summaries} and {spec} spec.yaml without the spec's hash are used unchecked (legacy){data}; everything written from now on is checked.");
    }

    /// <summary>The numbered folders under <c>levels/</c>.</summary>
    internal static IEnumerable<(int Level, string Dir)> LevelFolders(RunStore store)
    {
        if (!Directory.Exists(store.LevelsDir)) yield break;
        foreach (var dir in Directory.GetDirectories(store.LevelsDir).Order(StringComparer.Ordinal))
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int level))
                yield return (level, dir);
    }

    private static string? MaskProblem(SafeTensorsFile file, long? summaryRemaining)
    {
        Dictionary<string, long>? alive = null;
        if (file.Metadata.TryGetValue(Checkpoint.AliveKey, out var json))
        {
            try { alive = JsonSerializer.Deserialize<Dictionary<string, long>>(json, Json.Options); }
            catch (JsonException e) { return $"unreadable alive counts ({e.Message})"; }
        }
        long total = 0;
        foreach (var entry in file.Entries.Where(e => e.Name.StartsWith("mask.", StringComparison.Ordinal) && e.DType == "U8"))
        {
            var name = entry.Name["mask.".Length..];
            long ones = 0;
            foreach (byte b in file.Data(entry).Span)
            {
                if (b > 1) return $"the mask of {name} holds values other than 0 and 1";
                ones += b;
            }
            long recorded = alive is not null && alive.TryGetValue(name, out var count) ? count : -1;
            if (alive is not null && recorded != ones)
                return string.Create(CultureInfo.InvariantCulture, $"the mask of {name} keeps {ones} weights, not the {Math.Max(0, recorded)} recorded");
            total += ones;
        }
        if (file.IsChecked && summaryRemaining is long expected && file.Metadata.ContainsKey(Checkpoint.AliveKey) && total != expected)
            return string.Create(CultureInfo.InvariantCulture, $"its masks keep {total} weights but the level's summary records {expected}");
        return null;
    }

    private static void Parse(string path, int? dropFrom, List<RunDamage> damage, Func<string, object?> read)
    {
        if (!File.Exists(path)) return;
        try { read(path); }
        catch (Exception e) when (e is JsonException or RewindUserException or NotSupportedException)
        {
            damage.Add(new RunDamage(path, Problem(path, e.Message), dropFrom));
        }
    }

    /// <summary>A problem without the leading "path: " the readers put in front of it.</summary>
    private static string Problem(string path, string message)
    {
        var text = message.StartsWith(path, StringComparison.Ordinal) ? message[path.Length..].TrimStart(':', ' ') : message;
        return text.TrimEnd('.');
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] + "…" : sha;
}

/// <summary>One damaged file of a run directory.</summary>
/// <param name="Path">The file (or folder).</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="DropFrom">The first level a repair drops because of it, or null when removing the file alone is enough (θ(0) and the data record are recreated).</param>
public sealed record RunDamage(string Path, string Problem, int? DropFrom);
