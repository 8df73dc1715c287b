using Rewind.Pruning;

namespace Rewind.Analysis;

/// <summary>
/// <c>rewind analyze</c>: the sign, mask and BatchNorm analyses of Paper A for runs that already exist, from their stored
/// per-level weights and masks; nothing is trained again.
/// </summary>
public static class RunAnalysis
{
    /// <summary>Writes level <paramref name="level"/>'s <c>signs.json</c> (and <c>bn-gamma.json</c> when the network has BatchNorm).</summary>
    public static void RecordLevel(RunStore store, int level)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.WriteLevelRecord(level, LevelSigns.FileName, SignAnalysis.MeasureLevel(store, level));
        if (BatchNormAnalysis.MeasureLevel(store, level) is { } gammas) store.WriteLevelRecord(level, BatchNormGammas.FileName, gammas);
    }

    /// <summary>
    /// Completes a run's analyses: every finished level gets its records (where missing: what the observer wrote stays),
    /// and the run its <c>sign-history.json</c>. Returns the per-level sign records and the history.
    /// </summary>
    public static (IReadOnlyList<LevelSigns> Levels, SignHistory History) Analyze(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var levels = new List<LevelSigns>();
        foreach (var summary in store.CompletedLevels())
        {
            if (!store.HasLevelRecord(summary.Level, LevelSigns.FileName)) RecordLevel(store, summary.Level);
            levels.Add(store.ReadLevelRecord<LevelSigns>(summary.Level, LevelSigns.FileName)!);
        }
        var history = SignAnalysis.History(store);
        store.WriteRunRecord(SignHistory.FileName, history);
        return (levels, history);
    }
}
