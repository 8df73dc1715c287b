using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind compare SPEC --strategies imp,wr,lrr --seeds N --out DIR</c>: the compare study with a positional spec.</summary>
public static class CompareCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var study = new CompareStudy();
        var specArg = new Argument<string>("SPEC") { Description = "Base run spec (YAML)." };
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies.", DefaultValueFactory = _ => "imp,wr,lrr" };
        var seeds = new Option<string>("--seeds")
        {
            Description = "Number of seeds (the spec's seed and the next ones), or auto:POINTS[:CAP] (seeds until POINTS percentage points are detectable).",
            DefaultValueFactory = _ => "1",
        };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var cmd = new Command("compare", study.Summary) { specArg, strategies, seeds, set, outOpt, threads, data };
        var execution = new ExecutorOptions();
        execution.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var overrides = p.GetValue(set)!.ToList();
            if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
            if (p.GetValue(data) is { } dir) overrides.Add(CommonOptions.DataOverride(dir));
            var (count, auto) = SeedRule.Parse(p.GetValue(seeds)!);
            var definition = study.Define(p.GetValue(specArg)!, overrides, count, auto,
                new Dictionary<string, string> { ["strategies"] = p.GetValue(strategies)! });
            return StudyProgress.Run(output, study, definition, p.GetValue(outOpt) ?? CommonOptions.DefaultOut(StudyCommand.DefaultName(study, definition)),
                execution.Read(p));
        });
        return cmd;
    }
}
