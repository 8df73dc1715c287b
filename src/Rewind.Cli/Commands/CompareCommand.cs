using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Specs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind compare SPEC --strategies imp,wr,lrr --seeds N --out DIR</c>.</summary>
public static class CompareCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var specArg = new Argument<string>("SPEC") { Description = "Base run spec (YAML)." };
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies.", DefaultValueFactory = _ => "imp,wr,lrr" };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (0, 1, … N−1).", DefaultValueFactory = _ => 1 };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var cmd = new Command("compare", "Every strategy × seed as resumable runs, then mean and 95% CI per level.")
            { specArg, strategies, seeds, set, outOpt, threads };
        cmd.SetAction(p =>
        {
            var overrides = p.GetValue(set)!.ToList();
            if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
            var spec = SpecLoader.Load(p.GetValue(specArg)!, overrides);
            int n = p.GetValue(seeds);
            if (n < 1) throw new RewindUserException($"--seeds: {n} is not a number of seeds; use 1 or more.");
            var names = p.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut(spec.Name + "-compare");
            return Execute(output, spec, names, Enumerable.Range(spec.Seed, n).ToList(), outDir);
        });
        return cmd;
    }

    /// <summary>Runs a comparison with progress display and prints where the report is (shared with <c>demo</c>).</summary>
    public static int Execute(TextWriter output, RunSpec spec, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds, string outDir)
    {
        StrategyComparison.Plan(spec, strategies, seeds, outDir); // validates names before anything is written or printed
        return StudyProgress.Run(output, outDir, (forRun, _) => StrategyComparison.Run(spec, strategies, seeds, outDir, forRun));
    }
}
