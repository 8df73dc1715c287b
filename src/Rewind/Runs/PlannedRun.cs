using Rewind.Pruning;
using Rewind.Specs;
using Rewind.Strategies;

namespace Rewind.Runs;

/// <summary>
/// One run of a study plan: a fully resolved spec and its own run directory (which identifies it), labelled for the
/// report, with the runs it needs first made explicit so an executor may run independent runs in any order or in
/// parallel: <see cref="Reuse"/> (a run whose agreeing finished levels it copies, such as a seed's shared dense
/// level 0) and <see cref="After"/> (any other run whose output its spec reads, such as a mask donor).
/// </summary>
/// <param name="Label">The arm: report column and legend; the folder is <c>runs/&lt;label&gt;-s&lt;seed&gt;</c>.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Spec">The resolved spec.</param>
/// <param name="Directory">The run directory.</param>
public sealed record PlannedRun(string Label, int Seed, RunSpec Spec, string Directory)
{
    /// <summary>Copy the agreeing finished levels of this run first (recorded in the run directory).</summary>
    public LevelReuse? Reuse { get; init; }

    /// <summary>Run directories that must be complete before this run starts (besides <see cref="Reuse"/>'s source).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>Every run directory this run waits for.</summary>
    public IEnumerable<string> DependsOn => (Reuse is null ? [] : new[] { Reuse.From }).Concat(After);

    /// <summary>True when the run directory exists and its last level is done.</summary>
    public bool IsComplete() =>
        RunStore.Exists(Directory) &&
        RunStore.Open(Directory).IsLevelDone(StrategyCatalog.PrunedLevels(Spec.Pruning.Strategy, Spec.Pruning.Levels));

    /// <summary>Creates (or reopens) the run directory with its spec and records the level reuse, so that
    /// <c>rewind run --resume DIR</c> alone runs it.</summary>
    public RunStore Prepare()
    {
        var store = RunStore.Create(Directory, Spec);
        if (Reuse is not null) store.RecordReuse(Reuse);
        return store;
    }
}
