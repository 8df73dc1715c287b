using Rewind.Specs;

namespace Rewind.Experiments;

/// <summary>
/// One independent run of a study: its fully resolved spec, its own run directory, and optionally a run whose
/// dense level 0 it reuses, or (<paramref name="Reuse"/>) a run whose agreeing levels 0..k−1 it copies (which must
/// then run first). Label and seed identify it in the aggregation.
/// </summary>
public sealed record PlannedRun(string Label, int Seed, RunSpec Spec, string Directory, string? LevelZeroFrom = null,
    Rewind.Pruning.LevelReuse? Reuse = null);
