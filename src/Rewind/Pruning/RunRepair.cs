using Rewind.Specs;
using Rewind.Storage;

namespace Rewind.Pruning;

/// <summary>
/// <c>rewind repair DIR</c>: makes a damaged run directory resumable again without losing anything sound. It restores
/// a damaged or missing <c>spec.yaml</c> from the copy the run's checkpoints record, drops the first damaged level and
/// every later one (the level loop trains them again, with identical results for the same thread count), removes a
/// damaged θ(0) (recreated from the seed) or data record (recorded again), leftover temporary files and the report of
/// dropped levels, and rewrites <c>metrics.csv</c>. It holds the run's lock while it works.
/// </summary>
public static class RunRepair
{
    /// <summary>Repairs the run in <paramref name="directory"/>; returns what was done (nothing, for a sound run).</summary>
    /// <exception cref="RewindUserException">Not a run folder, the run is in use, or its spec cannot be restored.</exception>
    public static RunRepairResult Repair(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new RewindUserException($"{directory}: no such folder; give a run folder (with spec.yaml and levels/).");
        bool runFiles = RunStore.Exists(full) || Directory.Exists(Path.Combine(full, "levels")) || File.Exists(Path.Combine(full, "init.safetensors"));
        if (!runFiles)
            throw new RewindUserException(
                Directory.Exists(Path.Combine(full, "runs"))
                    ? $"{directory} is a study folder; repair its runs one by one: `rewind repair {Path.Combine(directory, "runs", "NAME")}`."
                    : $"{directory} holds no Rewind run (no spec.yaml, no levels/), so there is nothing to repair.");

        using var runLock = RunLock.Acquire(full);
        var actions = new List<string>();
        RunStore store;
        try { store = RunStore.Open(full); }
        catch (RewindUserException e) { store = RestoreSpec(full, e.Message, actions); }

        var inspection = RunInspection.Of(store);
        foreach (var d in inspection.Damage.Where(d => d.DropFrom is null))
        {
            File.Delete(d.Path);
            actions.Add($"removed {Path.GetRelativePath(full, d.Path)} ({d.Problem}); the next resume recreates it");
        }
        if (inspection.DropFrom is int from)
        {
            var dropped = RunInspection.LevelFolders(store).Where(l => l.Level >= from).ToList();
            foreach (var (_, dir) in dropped) Directory.Delete(dir, recursive: true);
            if (from == 0 && File.Exists(store.RewindPath)) File.Delete(store.RewindPath);
            var why = inspection.Damage.Where(d => d.DropFrom is not null)
                .Select(d => $"{Path.GetRelativePath(full, d.Path)}: {d.Problem}");
            actions.Add($"dropped level{(dropped.Count == 1 ? "" : "s")} {Range(dropped.Select(l => l.Level).DefaultIfEmpty(from))} " +
                        $"because of {string.Join("; ", why)}");
            foreach (var derived in new[] { Path.Combine(full, "report.md") })
                if (File.Exists(derived)) File.Delete(derived);
            if (Directory.Exists(Path.Combine(full, "plots"))) Directory.Delete(Path.Combine(full, "plots"), recursive: true);
        }
        foreach (var tmp in Directory.EnumerateFiles(full, "*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(tmp);
            actions.Add($"removed {Path.GetRelativePath(full, tmp)} (left by an interrupted write)");
        }
        if (actions.Count > 0)
        {
            if (store.IsLevelDone(0)) store.WriteMetricsCsv();
            else if (File.Exists(store.MetricsCsvPath)) File.Delete(store.MetricsCsvPath);
        }
        return new RunRepairResult(full, actions, inspection.DropFrom, inspection.LegacyNote());
    }

    /// <summary>Writes <c>spec.yaml</c> again from the newest tensor file of the run that records a sound copy of it.</summary>
    private static RunStore RestoreSpec(string full, string problem, List<string> actions)
    {
        var specPath = Path.Combine(full, "spec.yaml");
        var candidates = new List<string>();
        var levels = Path.Combine(full, "levels");
        if (Directory.Exists(levels))
        {
            foreach (var dir in Directory.GetDirectories(levels).OrderDescending(StringComparer.Ordinal))
                candidates.AddRange(new[] { "checkpoint.safetensors", "final.safetensors" }.Select(f => Path.Combine(dir, f)));
        }
        candidates.Add(Path.Combine(full, "rewind.safetensors"));
        candidates.Add(Path.Combine(full, "init.safetensors"));
        foreach (var path in candidates.Where(File.Exists))
        {
            SafeTensorsFile file;
            try { file = SafeTensors.Read(path); }
            catch (RewindUserException) { continue; }
            if (!file.Metadata.TryGetValue(RunSpecFile.TextKey, out var text) || !file.Metadata.TryGetValue(RunSpecFile.HashKey, out var hash) ||
                RunSpecFile.Sha256(text) != hash)
                continue;
            try { SpecLoader.FromYaml(text, path, []); }
            catch (RewindUserException) { continue; }
            RunSpecFile.Write(specPath, text);
            actions.Add($"restored spec.yaml from the copy in {Path.GetRelativePath(full, path)}; it {FirstLine(problem, specPath)}");
            return RunStore.Open(full);
        }
        throw new RewindUserException(
            $"{problem}\nNo file of this run records a copy of its spec (a run written by an older Rewind), so repair cannot restore " +
            "it: put back the spec the run was started with, or start a new run with another --out.");
    }

    private static string FirstLine(string problem, string specPath)
    {
        var line = problem.Split('\n')[0];
        if (line.StartsWith(specPath, StringComparison.Ordinal)) line = line[specPath.Length..].Trim();
        int stop = line.IndexOf(". ", StringComparison.Ordinal);
        return (stop > 0 ? line[..stop] : line).TrimEnd('.', ':');
    }

    private static string Range(IEnumerable<int> levels)
    {
        var list = levels.ToList();
        return list.Count == 1 ? list[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{list.Min()}–{list.Max()}";
    }
}

/// <summary>What <see cref="RunRepair.Repair"/> did.</summary>
/// <param name="Root">The run directory.</param>
/// <param name="Actions">One line per change, empty when every file checked out.</param>
/// <param name="DroppedFrom">The first level dropped (it and every later one), or null.</param>
/// <param name="Unchecked">For a run written by an older Rewind: which of its files carry no checksum (read unchecked), else null.</param>
public sealed record RunRepairResult(string Root, IReadOnlyList<string> Actions, int? DroppedFrom, string? Unchecked);
