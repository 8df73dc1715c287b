using Rewind.Specs;

namespace Rewind.Runs;

/// <summary>One arm of a study: a label and the spec it runs (before seeds and per-arm overrides).</summary>
/// <param name="Label">Run label (<c>runs/&lt;label&gt;-s&lt;seed&gt;</c>), legend and table column.</param>
/// <param name="Spec">The arm's spec.</param>
/// <param name="ReuseFrom">Label of an earlier arm whose agreeing levels this arm copies (same seed), or null.</param>
/// <param name="Note">What the arm runs, for reports, when its spec alone does not say it (e.g. the Oracle's search).</param>
public sealed record StudyArm(string Label, RunSpec Spec, string? ReuseFrom = null, string? Note = null)
{
    /// <summary>Run directories (by seed) this arm's runs must wait for besides <see cref="ReuseFrom"/>, e.g. a mask donor.</summary>
    public Func<int, IReadOnlyList<string>>? After { get; init; }

    /// <summary>
    /// Changes the arm's spec for one seed (before <c>ARM:key=value</c> overrides), e.g. to name that seed's donor run in
    /// <c>pruning.mask_from</c> (Paper A's transplants: every seed takes the masks of the donor of the same seed).
    /// </summary>
    public Func<int, RunSpec, RunSpec>? ForSeed { get; init; }
}
