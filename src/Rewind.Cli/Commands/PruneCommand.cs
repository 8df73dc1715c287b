using System.CommandLine;
using System.Globalization;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Sparsity;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind prune CHECKPOINT --scorer S --density D --out DIR</c>: one-shot prune of a stored model.</summary>
public static class PruneCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var checkpoint = new Argument<string>("CHECKPOINT")
        {
            Description = "A run's levels/NN/final.safetensors (its spec.yaml two folders up rebuilds the model), or a run folder (its last finished level).",
        };
        var scorer = new Option<string?>("--scorer")
        {
            Description = "Pruning criterion (default: the run's pruning.scorer):\n" +
                          string.Join("\n", ScorerCatalog.Infos.Select(i => $"  {i.Name,-17} {i.Description}")),
        };
        var density = new Option<double>("--density") { Description = "Fraction of the prunable weights to keep, e.g. 0.2.", Required = true };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var cmd = new Command("prune", "Score a stored model with any criterion and prune it once: writes mask.safetensors and layers.csv.")
            { checkpoint, scorer, density, set, outOpt, threads };
        cmd.SetAction(p =>
        {
            var overrides = p.GetValue(set)!.ToList();
            if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
            string? name = p.GetValue(scorer);
            double d = p.GetValue(density);
            string outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut($"prune-{name ?? "run-scorer"}-{d.ToString(CultureInfo.InvariantCulture)}");
            var result = OneShotPrune.Run(p.GetValue(checkpoint)!, name, d, outDir, overrides);
            output.WriteLine($"Pruned {result.Checkpoint} with {result.Scorer} to density {result.Density.ToString("0.######", CultureInfo.InvariantCulture)}:");
            output.WriteLine();
            output.Write(result.Table);
            foreach (var w in result.Warnings) output.WriteLine(w);
            output.WriteLine();
            output.WriteLine($"Mask: {Path.GetFullPath(result.MaskPath)}");
            output.WriteLine($"Per-layer table: {Path.GetFullPath(result.LayersPath)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
