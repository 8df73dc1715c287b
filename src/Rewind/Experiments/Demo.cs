using Rewind.Data;
using Rewind.Models;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// The README's first command: LeNet-300-100 on Fashion-MNIST, IMP vs WR vs LRR, 20% of the remaining weights per
/// level down to 6.9% density (12 levels), sized to finish within minutes on two CPU cores.
/// </summary>
public static class Demo
{
    /// <summary>Strategies the demo compares.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["imp", "wr", "lrr"];

    /// <summary>The demo's base spec (every field visible in the written spec.yaml of each run).</summary>
    public static RunSpec Spec(int threads = 0) => new()
    {
        Name = "demo",
        Seed = 0,
        Threads = threads,
        Data = new DataSpec { Name = "fashion-mnist" },
        Model = new ModelSpec { Name = "lenet-300-100" },
        Training = new TrainingSpec { Duration = Duration.FromEpochs(4), BatchSize = 128 },
        Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
        Schedule = new ScheduleSpec { Name = "cosine", Warmup = Duration.FromIterations(200) },
        Pruning = new PruningSpec
        {
            Strategy = "lrr",
            Levels = 12,
            Rate = 0.2,
            Scorer = "global-magnitude",
            RewindTo = Duration.FromIterations(200),
        },
    };

    /// <summary>The demo as a <see cref="CompareStudy"/> definition: <see cref="Strategies"/> × <paramref name="seeds"/> seeds of <see cref="Spec"/>.</summary>
    public static (CompareStudy Study, StudyDefinition Definition) Definition(int seeds = 1, int threads = 0)
    {
        var study = new CompareStudy();
        var definition = new StudyDefinition(study.Name, Enumerable.Range(0, seeds).ToArray(), SpecWriter.ToYaml(Spec(threads)), [],
            new Dictionary<string, string> { ["strategies"] = string.Join(",", Strategies) });
        return (study, definition);
    }
}
