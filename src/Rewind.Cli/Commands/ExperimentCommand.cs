using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Reporting;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Cli.Commands;

/// <summary>
/// <c>rewind experiment NAME [--seeds N] [--out DIR] [--set k=v] [--threads N]</c>: the papers' experiments as
/// resumable studies with a report. Adding one is one line in <see cref="Studies"/>.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Runs a study: base spec, seeds, output folder, observer factory, cancellation → its comparison table.</summary>
    public delegate ComparisonTable StudyRun(RunSpec baseSpec, IReadOnlyList<int> seeds, string outDir,
        Func<PlannedRun, int, int, ITrainingObserver> observerFor, CancellationToken cancellation);

    /// <summary>The subcommands, one line each: a study of runs via <see cref="Study"/>, or any command factory.</summary>
    private static IEnumerable<Func<TextWriter, Command>> Studies =>
    [
        o => Study(o, "iterative-criteria",
            "Paper A §5.9: IMP and LRR pruning with magnitude, SNIP and SynFlow scores (LeNet-300-100 / Fashion-MNIST by default).",
            IterativeCriteriaStudy.DefaultSpec, IterativeCriteriaStudy.Run),
        NeuronExperimentCommand.Create,
    ];

    /// <summary>Builds the verb group.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("experiment", "The papers' experiments as resumable studies with a report (see the subcommands).");
        foreach (var study in Studies) cmd.Add(study(output));
        foreach (var silo in SiloExperiments.Create(output)) cmd.Add(silo); // Paper B's studies

        return cmd;
    }

    /// <summary>A study subcommand with the options every study shares.</summary>
    public static Command Study(TextWriter output, string name, string description, Func<RunSpec> defaultSpec, StudyRun run)
    {
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (seed, seed+1, …).", DefaultValueFactory = _ => 1 };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var cmd = new Command(name, description + " Any spec key can be changed with --set, e.g. --set data.name=synthetic.")
            { seeds, set, outOpt, threads };
        cmd.SetAction(p =>
        {
            var overrides = p.GetValue(set)!.ToList();
            if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
            var spec = SpecLoader.Apply(defaultSpec(), overrides);
            int n = p.GetValue(seeds);
            if (n < 1) throw new RewindUserException($"--seeds: {n} is not a number of seeds; use 1 or more.");
            string outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut(spec.Name);
            return StudyProgress.Run(output, outDir, (forRun, _) =>
                run(spec, Enumerable.Range(spec.Seed, n).ToList(), outDir, forRun, CancellationToken.None));
        });
        return cmd;
    }
}
