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
        new LrrVsImpStudy(),
        new MaskTransplantStudy(),
        new SignTransplantStudy(),
        new RandomMasksStudy(),
        new SignPerturbationStudy(),
        new SchedulesLrrStudy(),
        new ScheduleStudy(),
        new SensitivityStudy(),
        new OracleStudy(),
        new GradientNarrowingStudy(),
        new TheoryStudy(),
        new NeuronStudy(),
        new InstabilityStudy(),
    ];

    /// <summary>The study called <paramref name="name"/>; a user error listing the studies otherwise.</summary>
    public static Study Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new RewindUserException($"'{name}' is not a study; the studies are {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>
    /// Rebuilds the report of <paramref name="directory"/> from what it stores, without training: a study folder (it has
    /// a <c>study.yaml</c>) through its study, a run folder through <see cref="RunReport"/>. Returns the report's path
    /// and, for a run that has not reached its last level, what is missing and how to continue.
    /// </summary>
    public static RebuiltReport RebuildReport(string directory)
    {
        if (!Directory.Exists(directory))
            throw new RewindUserException($"{directory}: no such folder; give a run folder (with spec.yaml) or a study folder (with study.yaml).");
        if (StudyDefinition.Load(directory) is { } definition)
            return new RebuiltReport(StudyRunner.WriteReport(Find(definition.Study), directory), null);
        if (!RunStore.Exists(directory))
        {
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
                throw new RewindUserException(
                    $"{directory} is empty, so there is nothing to report on. `rewind report` takes a folder that `rewind run`, " +
                    "`rewind compare` or `rewind experiment` wrote (their --out).");
            throw new RewindUserException(
                $"{directory}: holds neither a run (spec.yaml) nor a study (study.yaml), so there is nothing to report on. " +
                "Give the folder a `rewind run`, `rewind compare` or `rewind experiment` command wrote." +
                (Directory.Exists(Path.Combine(directory, "levels")) ? $" (It holds levels/ but no spec.yaml: `rewind repair {directory}` restores it.)" : ""));
        }
        var store = RunStore.Open(directory);
        return new RebuiltReport(RunReport.Write(store), RunReport.Unfinished(store));
    }
}

/// <summary>A rebuilt report: where it is, and what the run it describes is missing (null when complete).</summary>
/// <param name="Path">The report's <c>report.md</c>.</param>
/// <param name="Note">For an unfinished run: the missing levels and how to continue.</param>
public sealed record RebuiltReport(string Path, string? Note);
