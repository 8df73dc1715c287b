using Rewind.Pruning;
using Rewind.Specs;

namespace Rewind.Runs;

/// <summary>
/// A study of the papers: a plan (runs with explicit dependencies) derived from a <see cref="StudyDefinition"/>, an
/// optional computation in this process once the runs are done, and a report computed from the finished run
/// directories alone. <see cref="StudyRunner"/> runs any study the same way; <c>rewind experiment NAME</c> and
/// <c>rewind report DIR</c> are generated from the study catalog. Adding a study is one subclass plus one catalog line.
/// </summary>
public abstract class Study
{
    /// <summary>The name on the command line and in <c>study.yaml</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One sentence for <c>--help</c>: what the study compares and which figures of which paper it reproduces.</summary>
    public abstract string Summary { get; }

    /// <summary>What the study's base settings are (a run spec, the study's own settings record, or none).</summary>
    public virtual StudyBaseKind BaseKind => StudyBaseKind.RunSpec;

    /// <summary>Seeds run by default.</summary>
    public virtual int DefaultSeeds => 1;

    /// <summary>True when <see cref="SeedsNeeded"/> can estimate the seeds a decision needs (<c>--seeds auto:…</c>).</summary>
    public virtual bool SupportsAutoSeeds => false;

    /// <summary>False when the study has no seeds of its own to vary (its parameters seed it).</summary>
    public virtual bool UsesSeeds => true;

    /// <summary>True when <c>--set ARM:key=value</c> may change one arm.</summary>
    public virtual bool AcceptsArmOverrides => false;

    /// <summary>The study's own options (beyond <c>--spec</c>, <c>--set</c>, <c>--seeds</c>, <c>--out</c>, <c>--threads</c>).</summary>
    public virtual IReadOnlyList<StudyParameter> Parameters => [];

    /// <summary>The default base run spec (studies of runs); <c>--spec</c> replaces it, <c>--set</c> changes it.</summary>
    public virtual RunSpec DefaultSpec() => throw new NotSupportedException($"The {Name} study has no run spec.");

    /// <summary>
    /// The base settings as YAML from <c>--spec</c> (a file, a preset name or null for the default) and the plain
    /// <c>--set key=value</c> overrides. Studies with their own settings record override this.
    /// </summary>
    public virtual string BaseYaml(string? specFileOrPreset, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        switch (BaseKind)
        {
            case StudyBaseKind.None:
                if (specFileOrPreset is not null || overrides.Count > 0)
                    throw new RewindUserException($"The {Name} study takes neither --spec nor --set; see `rewind experiment {Name} --help` for its options.");
                return "";
            default:
                var spec = specFileOrPreset is null ? SpecLoader.Apply(DefaultSpec(), overrides) : SpecLoader.Load(Presets.Resolve(specFileOrPreset), overrides);
                return SpecWriter.ToYaml(spec);
        }
    }

    /// <summary>
    /// The definition of this study from command-line-like inputs: <paramref name="specFileOrPreset"/> (null: the default
    /// base), <paramref name="sets"/> (<c>key=value</c> for the base, <c>ARM:key=value</c> for one arm),
    /// <paramref name="seedCount"/> seeds starting at the base spec's seed (0 without a run spec) and the study's own
    /// <paramref name="parameters"/>. Unknown parameters and misplaced overrides are user errors.
    /// </summary>
    public StudyDefinition Define(string? specFileOrPreset, IReadOnlyList<string> sets, int seedCount,
        IReadOnlyDictionary<string, string>? parameters = null) => Define(specFileOrPreset, sets, seedCount, null, parameters);

    /// <summary>As <see cref="Define(string?, IReadOnlyList{string}, int, IReadOnlyDictionary{string, string}?)"/>, with
    /// <paramref name="autoSeeds"/> (<c>--seeds auto:…</c>) growing the seeds beyond the first <paramref name="seedCount"/>.</summary>
    public StudyDefinition Define(string? specFileOrPreset, IReadOnlyList<string> sets, int seedCount, SeedRule? autoSeeds,
        IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (seedCount < 1) throw new RewindUserException($"--seeds: {seedCount} is not a number of seeds; use 1 or more.");
        var plain = sets.Where(o => !ArmStudy.IsArmOverride(o)).ToList();
        var arms = sets.Where(ArmStudy.IsArmOverride).ToList();
        if (arms.Count > 0 && !AcceptsArmOverrides)
            throw new RewindUserException($"--set '{arms[0]}': the {Name} study has no arms to override one by one; write --set key=value.");
        var given = new Dictionary<string, string>(parameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var name in given.Keys)
            if (Parameters.All(p => p.Name != name))
                throw new RewindUserException($"--{name}: the {Name} study has no such option" +
                    (Parameters.Count > 0 ? $"; its options are {string.Join(", ", Parameters.Select(p => "--" + p.Name))}." : "."));
        var baseYaml = BaseYaml(specFileOrPreset, plain);
        int first = BaseKind == StudyBaseKind.RunSpec ? SpecLoader.FromYaml(baseYaml, "the base spec").Seed : 0;
        if (autoSeeds is not null && !SupportsAutoSeeds)
            throw new RewindUserException($"--seeds {autoSeeds}: the {Name} study cannot estimate how many seeds it needs; give a number of seeds.");
        return new StudyDefinition(Name, Enumerable.Range(first, seedCount).ToArray(), baseYaml, arms, given) { AutoSeeds = autoSeeds };
    }

    /// <summary>
    /// The runs known now, in an order that lists every run after the runs it depends on. Called again after each stage
    /// has run: a study whose later runs depend on earlier results (the Oracle's search) returns more runs then; the
    /// study is done when every returned run is complete. Every check that can fail on the definition fails here,
    /// before anything is written.
    /// </summary>
    public abstract IReadOnlyList<PlannedRun> Plan(StudyContext context);

    /// <summary>Work done in this process after every run has finished (simulations that are no training runs). Optional.</summary>
    public virtual void Compute(StudyContext context) { }

    /// <summary>
    /// With <c>--seeds auto:POINTS</c>: the seeds the study's comparisons would need to detect <paramref name="points"/>
    /// percentage points, estimated from the seeds that ran; null when the study cannot say (it then runs its start seeds).
    /// </summary>
    public virtual int? SeedsNeeded(StudyContext context, double points) => null;

    /// <summary>The study's own verdicts on claims of the papers (<c>findings.json</c>); none by default.</summary>
    public virtual IReadOnlyList<StudyFinding> Findings(StudyContext context) => [];

    /// <summary>Writes <c>report.md</c> (and CSV, plots) into the study folder from what the finished runs stored; returns its path.</summary>
    public abstract string WriteReport(StudyContext context);
}

/// <summary>What a study's base settings are.</summary>
public enum StudyBaseKind
{
    /// <summary>A run spec (<c>--spec</c> file or preset, <c>--set key=value</c>).</summary>
    RunSpec,

    /// <summary>The study's own settings record (<c>--set key=value</c> only).</summary>
    Settings,

    /// <summary>No base settings: the study's parameters say everything.</summary>
    None,
}

/// <summary>One of a study's own command-line options, kept as text in the study's definition.</summary>
/// <param name="Name">Option name without dashes, e.g. <c>grid</c> (the CLI offers <c>--grid</c>).</param>
/// <param name="Help">One line of help.</param>
/// <param name="Default">The value used when the option is not given (null: the study decides).</param>
public sealed record StudyParameter(string Name, string Help, string? Default = null);
