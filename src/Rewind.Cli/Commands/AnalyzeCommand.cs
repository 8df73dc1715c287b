using System.CommandLine;
using Rewind.Runs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind analyze RUN [OTHER] [--out DIR]</c>: Paper A's sign, mask and BatchNorm analyses of existing runs.</summary>
public static class AnalyzeCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var runArg = new Argument<string>("RUN") { Description = "A run folder." };
        var otherArg = new Argument<string?>("OTHER") { Description = "A second run folder to compare masks and signs with, level by level.", Arity = ArgumentArity.ZeroOrOne };
        var outOpt = new Option<string?>("--out", "-o") { Description = "Where the comparison goes (default: RUN/analysis/vs-OTHER)." };
        var cmd = new Command("analyze",
            "Sign flips (vs θ(0), the rewind point, the level before), sign stabilisation and switch counts, BatchNorm γ, and with a " +
            "second run the overlap of the masks and the agreement of the signs, from the runs' stored levels (nothing is trained).")
            { runArg, otherArg, outOpt };
        cmd.SetAction(p =>
        {
            var outcome = Analyze.Runs(p.GetValue(runArg)!, p.GetValue(otherArg), p.GetValue(outOpt));
            output.WriteLine($"Report: {outcome.ReportPath}");
            if (outcome.ComparisonPath is not null) output.WriteLine($"Comparison: {outcome.ComparisonPath}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
