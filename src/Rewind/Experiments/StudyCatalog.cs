using Rewind.Experiments.PaperA;
using Rewind.Experiments.Silo;
using Rewind.Experiments.SingleNeuron;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;

namespace Rewind.Experiments;

/// <summary>
/// Every study of the papers by name — the one list that <c>rewind experiment</c>'s subcommands, their help and
/// <c>rewind report DIR</c> read. Adding a study is one <see cref="Study"/> subclass plus one line here.
/// </summary>
public static class StudyCatalog
{
    /// <summary>Every study, in the order <c>rewind experiment --help</c> lists them.</summary>
    public static IReadOnlyList<Study> All { get; } =
    [
        new CompareStudy(),
        new IterativeCriteriaStudy(),
        new MaskTransplantStudy(),
        new RandomMasksStudy(),
        new SignPerturbationStudy(),
        new SchedulesLrrStudy(),
        new ScheduleStudy(),
        new SensitivityStudy(),
        new OracleStudy(),
        new GradientNarrowingStudy(),
        new TheoryStudy(),
        new NeuronStudy(),
    ];

    /// <summary>The study called <paramref name="name"/>; a user error listing the studies otherwise.</summary>
    public static Study Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new RewindUserException($"'{name}' is not a study; the studies are {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>
    /// Rebuilds the report of <paramref name="directory"/> from what it stores, without training: a study folder (it has
    /// a <c>study.yaml</c>) through its study, a run folder through <see cref="RunReport"/>. Returns the report's path.
    /// </summary>
    public static string RebuildReport(string directory)
    {
        if (!Directory.Exists(directory))
            throw new RewindUserException($"{directory}: no such folder; give a run folder (with spec.yaml) or a study folder (with study.yaml).");
        if (StudyDefinition.Load(directory) is { } definition)
            return StudyRunner.WriteReport(Find(definition.Study), directory);
        if (!RunStore.Exists(directory))
            throw new RewindUserException(
                $"{directory}: holds neither a run (spec.yaml) nor a study (study.yaml), so there is nothing to report on. " +
                "Give the folder a `rewind run`, `rewind compare` or `rewind experiment` command wrote.");
        return RunReport.Write(RunStore.Open(directory));
    }
}
