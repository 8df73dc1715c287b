using Rewind.Specs;

namespace Rewind.Experiments.Silo;

/// <summary>
/// What every SILO study takes: the base spec (<c>--set k=v</c> already applied), the seeds, the study folder and
/// per-arm overrides written <c>ARM:key=value</c> (e.g. <c>constant:optimizer.lr=0.008</c>), applied to that arm only.
/// </summary>
/// <param name="BaseSpec">The spec every arm derives from.</param>
/// <param name="Seeds">Seeds; each arm runs once per seed.</param>
/// <param name="OutDir">The study folder.</param>
/// <param name="ArmOverrides"><c>ARM:key=value</c> strings.</param>
public sealed record StudySettings(RunSpec BaseSpec, IReadOnlyList<int> Seeds, string OutDir, IReadOnlyList<string> ArmOverrides)
{
    /// <summary>Settings without per-arm overrides.</summary>
    public StudySettings(RunSpec baseSpec, IReadOnlyList<int> seeds, string outDir) : this(baseSpec, seeds, outDir, []) { }
}
