using System.CommandLine;
using System.Globalization;
using Rewind.Experiments.SingleNeuron;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind experiment neuron</c>: Paper A's single-hidden-neuron study (§2, Figs. 2a/18).</summary>
public static class NeuronExperimentCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(TextWriter output)
    {
        var dims = new Option<string>("--dims") { Description = "Input dimensions d, comma-separated.", DefaultValueFactory = _ => "1,2,5,10" };
        var runs = new Option<int>("--runs") { Description = "Runs per sign case and d.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of data and initialisations.", DefaultValueFactory = _ => 0 };
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "lbfgs (torch.optim.LBFGS defaults, as the paper), lbfgs-strong-wolfe or gradient-descent.",
            DefaultValueFactory = _ => "lbfgs",
        };
        var steps = new Option<int>("--steps-per-level") { Description = "Optimiser steps (epochs) per level.", DefaultValueFactory = _ => 1000 };
        var noise = new Option<double>("--noise-variance") { Description = "Label noise variance σ².", DefaultValueFactory = _ => 0.01 };
        var lr = new Option<double>("--lr") { Description = "Step size of gradient-descent.", DefaultValueFactory = _ => 0.2 };
        var outOpt = CommonOptions.Out();
        var cmd = new Command("neuron",
            "Paper A §2: a single ReLU neuron learning ReLU(x_1); IMP vs LRR in the four sign cases of (a(0), w_1(0)).")
            { dims, runs, seed, optimizer, steps, noise, lr, outOpt };
        cmd.SetAction(p =>
        {
            var options = new SingleNeuronOptions
            {
                Dims = SingleNeuronOptions.ParseDims(p.GetValue(dims)!),
                Runs = p.GetValue(runs),
                Seed = p.GetValue(seed),
                Optimizer = SingleNeuronOptions.ParseOptimizer(p.GetValue(optimizer)!),
                StepsPerLevel = p.GetValue(steps),
                NoiseVariance = p.GetValue(noise),
                LearningRate = p.GetValue(lr),
            };
            string outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut("neuron");
            var result = SingleNeuronExperiment.Run(options, new LineProgress(output));
            SingleNeuronReport.Write(result, outDir);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Finished in {result.Elapsed.TotalSeconds:0.0} s. Claim check: {result.Claim.Verdict}."));
            output.WriteLine($"Report: {Path.GetFullPath(Path.Combine(outDir, "report.md"))}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Prints progress lines as they come, on the calling thread (Progress&lt;T&gt; would reorder them).</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
