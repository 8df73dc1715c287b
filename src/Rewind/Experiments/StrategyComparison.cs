using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind compare</c>: every strategy × seed of a base spec as a study (<see cref="StudyRunner"/>), each seed's
/// dense level 0 trained once and shared by its strategies.
/// </summary>
public static class StrategyComparison
{
    /// <summary>The runs of the comparison, in execution order (each seed's dense run first).</summary>
    public static IReadOnlyList<PlannedRun> Plan(RunSpec baseSpec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds, string outDir)
    {
        if (strategies.Count == 0) throw new RewindUserException("--strategies: name at least one of " + string.Join(", ", Strategies.Names) + ".");
        foreach (var s in strategies)
            if (!Strategies.Names.Contains(s))
                throw new RewindUserException($"--strategies: '{s}' is not a strategy. Valid: {string.Join(", ", Strategies.Names)}.");
        if (seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        var runs = new List<PlannedRun>();
        foreach (int seed in seeds)
        {
            var dense = StudyRunner.DenseRun(baseSpec, seed, outDir);
            runs.Add(dense);
            foreach (var strategy in strategies)
            {
                var spec = IterativePruning.Resolve(baseSpec with
                {
                    Name = $"{baseSpec.Name}-{strategy}-s{seed}",
                    Seed = seed,
                    Pruning = baseSpec.Pruning with { Strategy = strategy },
                });
                runs.Add(new PlannedRun(strategy, seed, spec, StudyRunner.RunDirectoryFor(outDir, strategy, seed), dense.Directory));
            }
        }
        return runs;
    }

    /// <summary>Runs the comparison (resuming what exists) and writes its report.</summary>
    public static ComparisonTable Run(RunSpec baseSpec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds, string outDir,
        Func<PlannedRun, int, int, ITrainingObserver> observerFor, CancellationToken cancellation = default)
    {
        var plan = Plan(baseSpec, strategies, seeds, outDir);
        var description = $"# rewind compare\nstrategies: [{string.Join(", ", strategies)}]\nseeds: [{string.Join(", ", seeds)}]\nbase:\n" +
                          StudyRunner.Indented(baseSpec);
        return StudyRunner.Run(outDir, description, plan, observerFor,
            $"{baseSpec.Model.Name} on {baseSpec.Data.Name}: {string.Join(" vs ", strategies)}", cancellation);
    }
}
