using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind experiment iterative-criteria</c>: Paper A's iterative SNIP/SynFlow study (§5.9, Fig. 16) — IMP and LRR,
/// each pruning with magnitude, SNIP or SynFlow scores computed on the current trained weights, one global scoring
/// pass per level. "IMP" is Paper A's IMP: weight rewinding to θ(k) at <c>pruning.rewind_to</c> (θ(0) when that is
/// 0), strategy <c>wr</c>; "LRR" keeps the weights and restarts the schedule. Labels are
/// <c>imp-magnitude</c> … <c>lrr-synflow</c>; each seed's dense level 0 is trained once and shared. The default is
/// sized for a CPU: LeNet-300-100 on Fashion-MNIST, 2 epochs per level, half of the remaining weights per level,
/// 5 levels (3.1% density, where the criteria part ways).
/// </summary>
public static class IterativeCriteriaStudy
{
    /// <summary>The arms: label prefix and the strategy that implements it.</summary>
    public static IReadOnlyList<(string Label, string Strategy)> Arms { get; } = [("imp", "wr"), ("lrr", "lrr")];

    /// <summary>The criteria: label suffix and <c>pruning.scorer</c>.</summary>
    public static IReadOnlyList<(string Label, string Scorer)> Criteria { get; } =
        [("magnitude", "global-magnitude"), ("snip", "snip"), ("synflow", "synflow")];

    /// <summary>The study's default base spec (any key can be overridden with <c>--set</c>).</summary>
    public static RunSpec DefaultSpec() => new()
    {
        Name = "iterative-criteria",
        Seed = 0,
        Data = new DataSpec { Name = "fashion-mnist" },
        Model = new ModelSpec { Name = "lenet-300-100" },
        Training = new TrainingSpec { Duration = Duration.FromEpochs(2), BatchSize = 128 },
        Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
        Schedule = new ScheduleSpec { Name = "cosine", Warmup = Duration.FromIterations(200) },
        Pruning = new PruningSpec { Levels = 5, Rate = 0.5, RewindTo = Duration.FromIterations(200), ScoreBatches = 1 },
    };

    /// <summary>The runs, in execution order: per seed the shared dense run, then every arm × criterion.</summary>
    public static IReadOnlyList<PlannedRun> Plan(RunSpec baseSpec, IReadOnlyList<int> seeds, string outDir)
    {
        if (seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        var runs = new List<PlannedRun>();
        foreach (int seed in seeds)
        {
            var dense = StudyRunner.DenseRun(baseSpec, seed, outDir);
            runs.Add(dense);
            foreach (var (arm, strategy) in Arms)
                foreach (var (criterion, scorer) in Criteria)
                {
                    string label = $"{arm}-{criterion}";
                    var spec = IterativePruning.Resolve(baseSpec with
                    {
                        Name = $"{baseSpec.Name}-{label}-s{seed}",
                        Seed = seed,
                        Pruning = baseSpec.Pruning with { Strategy = strategy, Scorer = scorer },
                    });
                    runs.Add(new PlannedRun(label, seed, spec, StudyRunner.RunDirectoryFor(outDir, label, seed), dense.Directory));
                }
        }
        return runs;
    }

    /// <summary>Runs the study (resuming what exists) and writes its report, metrics and plots.</summary>
    public static ComparisonTable Run(RunSpec baseSpec, IReadOnlyList<int> seeds, string outDir,
        Func<PlannedRun, int, int, ITrainingObserver> observerFor, CancellationToken cancellation = default)
    {
        var plan = Plan(baseSpec, seeds, outDir);
        var description = $"# rewind experiment iterative-criteria\nseeds: [{string.Join(", ", seeds)}]\nbase:\n" + StudyRunner.Indented(baseSpec);
        return StudyRunner.Run(outDir, description, plan, observerFor,
            $"Iterative criteria (Paper A §5.9): IMP and LRR with magnitude, SNIP and SynFlow — {baseSpec.Model.Name} on {baseSpec.Data.Name}",
            cancellation);
    }
}
