using Rewind.Reporting;
using Rewind.Specs;

namespace Rewind.Runs;

/// <summary>A study at work: its definition, its folder, and reading what its runs have finished.</summary>
public sealed class StudyContext
{
    private RunSpec? _baseSpec;

    /// <summary>Creates the context of <paramref name="definition"/> in <paramref name="directory"/>.</summary>
    public StudyContext(StudyDefinition definition, string directory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Lines worth telling the user while the study computes (null: nobody listens).</summary>
    public IProgress<string>? Messages { get; init; }

    /// <summary>What the study is.</summary>
    public StudyDefinition Definition { get; }

    /// <summary>The study folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The seeds: the definition's, or with <c>--seeds auto</c> every seed run so far (<see cref="SeedsFile"/>).</summary>
    public IReadOnlyList<int> Seeds
    {
        get
        {
            if (Definition.AutoSeeds is null || !File.Exists(PathOf(SeedsFile))) return Definition.Seeds;
            var text = File.ReadAllText(PathOf(SeedsFile)).Split([',', ' ', '\n', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
            return text.Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
    }

    /// <summary>The file recording the seeds an auto-seeded study has run so far.</summary>
    public const string SeedsFile = "seeds.json";

    /// <summary>Records <paramref name="count"/> seeds (the definition's first seed and the next ones) as the study's seeds.</summary>
    public void GrowSeeds(int count)
    {
        int first = Definition.Seeds.Count > 0 ? Definition.Seeds[0] : 0;
        Storage.AtomicFile.WriteAllText(PathOf(SeedsFile), "[" + string.Join(", ", Enumerable.Range(first, count)) + "]\n");
    }

    /// <summary>
    /// The thread count of every run when the base spec leaves <c>threads</c> at 0 (null: the planning process's default),
    /// chosen by the executor (<see cref="IRunExecutor.ThreadsPerRun"/>) or by the runs a resumed study already recorded.
    /// </summary>
    public int? DefaultThreads { get; init; }

    /// <summary>The base run spec of a study of runs (with <see cref="DefaultThreads"/> when it gives no thread count).</summary>
    public RunSpec BaseSpec => _baseSpec ??= WithDefaultThreads(SpecLoader.FromYaml(Definition.BaseYaml, Path.Combine(Directory, StudyDefinition.FileName)));

    private RunSpec WithDefaultThreads(RunSpec spec) => spec.Threads == 0 && DefaultThreads is int t ? spec with { Threads = t } : spec;

    /// <summary>The run directory of arm <paramref name="label"/> and <paramref name="seed"/>.</summary>
    public string RunDirectory(string label, int seed) => StudyResults.RunDirectory(Directory, label, seed);

    /// <summary>The finished runs of the arms in <paramref name="armOrder"/> (report order).</summary>
    public StudyResults Results(IReadOnlyList<string> armOrder) => StudyResults.Read(Directory, armOrder);

    /// <summary>A file of the study folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);
}
