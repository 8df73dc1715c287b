using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind run SPEC [--set k=v] --out DIR</c> and <c>rewind run --resume DIR</c>.</summary>
public static class RunCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var specArg = new Argument<string?>("SPEC") { Description = "Run spec (YAML).", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint." };
        var preset = new Option<string?>("--preset") { Description = "Run a named spec from presets/ (e.g. silo-resnet20-cifar10) instead of SPEC." };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var cmd = new Command("run", "One iterative-pruning run (resumable).") { specArg, resume, preset, set, outOpt, threads };
        cmd.SetAction(p =>
        {
            RunDirectory dir;
            string? resumeDir = p.GetValue(resume);
            string? specPath = p.GetValue(specArg);
            if (p.GetValue(preset) is { } name)
            {
                if (specPath is not null)
                    throw new RewindUserException("run: give either SPEC or --preset NAME, not both.");
                specPath = Presets.PathOf(name);
            }
            if (resumeDir is not null)
            {
                if (specPath is not null)
                    throw new RewindUserException("run: give either SPEC or --resume DIR, not both (a resumed run keeps its own spec.yaml).");
                dir = RunDirectory.Open(resumeDir);
            }
            else
            {
                if (specPath is null)
                    throw new RewindUserException("run: name a spec file (rewind run SPEC --out DIR) or a run to continue (rewind run --resume DIR).");
                var overrides = p.GetValue(set)!.ToList();
                if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
                var spec = IterativePruning.Resolve(SpecLoader.Load(specPath, overrides));
                dir = RunDirectory.Create(p.GetValue(outOpt) ?? CommonOptions.DefaultOut(spec.Name), spec);
            }
            output.WriteLine($"Run directory: {dir.Root}");
            var summaries = ProgressDisplay.Run(output, observerFor => IterativePruning.Run(dir, observerFor(dir.Spec.Name)));
            var epochs = Enumerable.Range(0, summaries.Count)
                .SelectMany(l => File.Exists(dir.EpochMetricsPath(l)) ? EpochMetricsJsonl.Read(dir.EpochMetricsPath(l)) : []).ToList();
            RunReports.Write(dir, summaries, epochs);
            output.WriteLine($"Report: {Path.Combine(dir.Root, "report.md")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
