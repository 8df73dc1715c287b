using System.Globalization;
using System.Text.Json;
using Rewind.Runs;
using Rewind.Storage;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// <c>rewind experiment neuron</c>: Paper A's single-hidden-neuron study (§2, Figs. 2a and 18) on the one study
/// framework. It trains no pruning runs: <see cref="Compute"/> simulates every (d, run, sign case, strategy) in this
/// process (2–3 s) and stores the result (<c>neuron-result.json</c>), from which the report is (re)built.
/// </summary>
public sealed class NeuronStudy : Study
{
    private const string ResultFile = "neuron-result.json";

    /// <inheritdoc/>
    public override string Name => "neuron";

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A §2: a single ReLU neuron learning ReLU(x_1); IMP vs LRR in the four sign cases of (a(0), w_1(0)).";

    /// <inheritdoc/>
    public override StudyBaseKind BaseKind => StudyBaseKind.None;

    /// <inheritdoc/>
    public override bool UsesSeeds => false;

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
    [
        new("dims", "Input dimensions d, comma-separated.", "1,2,5,10"),
        new("runs", "Runs per sign case and d.", "10"),
        new("seed", "Seed of data and initialisations.", "0"),
        new("optimizer", "lbfgs (torch.optim.LBFGS defaults, as the paper), lbfgs-strong-wolfe or gradient-descent.", "lbfgs"),
        new("steps-per-level", "Optimiser steps (epochs) per level.", "1000"),
        new("noise-variance", "Label noise variance σ².", "0.01"),
        new("lr", "Step size of gradient-descent.", "0.2"),
    ];

    /// <summary>The experiment's settings from the study's parameters (defaults where not given).</summary>
    public static SingleNeuronOptions Options(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var p = new NeuronStudy().Parameters.ToDictionary(x => x.Name, x => definition.Parameter(x.Name) ?? x.Default!);
        var options = new SingleNeuronOptions
        {
            Dims = SingleNeuronOptions.ParseDims(p["dims"]),
            Runs = Int(p["runs"], "runs"),
            Seed = Int(p["seed"], "seed"),
            Optimizer = SingleNeuronOptions.ParseOptimizer(p["optimizer"]),
            StepsPerLevel = Int(p["steps-per-level"], "steps-per-level"),
            NoiseVariance = Double(p["noise-variance"], "noise-variance"),
            LearningRate = Double(p["lr"], "lr"),
        };
        options.Validate();
        return options;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PlannedRun> Plan(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = Options(context.Definition); // every option is checked before anything is written
        return [];
    }

    /// <inheritdoc/>
    public override void Compute(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = SingleNeuronExperiment.Run(Options(context.Definition), context.Messages);
        AtomicFile.WriteAllText(context.PathOf(ResultFile), JsonSerializer.Serialize(result, Json.Options) + "\n");
        context.Messages?.Report(string.Create(CultureInfo.InvariantCulture,
            $"Finished in {result.Elapsed.TotalSeconds:0.0} s. Claim check: {result.Claim.Verdict}."));
    }

    /// <inheritdoc/>
    public override string WriteReport(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.PathOf(ResultFile);
        if (!File.Exists(path)) throw new RewindUserException($"{context.Directory}: no {ResultFile} yet; run the study to compute it.");
        var result = JsonSerializer.Deserialize<SingleNeuronResult>(File.ReadAllText(path), Json.Options)
                     ?? throw new RewindUserException($"{path}: empty; rerun the study.");
        SingleNeuronReport.Write(result, context.Directory);
        return context.PathOf("report.md");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.PathOf(ResultFile);
        if (!File.Exists(path)) return [];
        var result = JsonSerializer.Deserialize<SingleNeuronResult>(File.ReadAllText(path), Json.Options);
        if (result is null) return [];
        var claim = result.Claim;
        int bad = claim.Checks.Count(c => !c.Consistent);
        string verdict = claim.Verdict switch
        {
            SingleNeuronVerdict.Held => StudyFinding.Held,
            SingleNeuronVerdict.NotHeld => StudyFinding.NotHeld,
            _ => StudyFinding.Undecided,
        };
        var cells = string.Join("; ", claim.Checks.Where(c => !c.Consistent).Take(6).Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"{c.Strategy} d={c.Dimension} {c.SignCase}: {c.SuccessRate * 100:0}% succeed")));
        return [new StudyFinding("single-neuron", verdict, string.Create(CultureInfo.InvariantCulture,
            $"{claim.Checks.Count - bad} of {claim.Checks.Count} (d ≥ 2, sign case, strategy) cells as predicted (≥ 80% succeed where predicted, ≤ 20% elsewhere)") +
            (bad > 0 ? "; disagreeing: " + cells : "") + $"; {result.Options.Runs} runs per cell")];
    }

    private static int Int(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new RewindUserException($"--{name}: '{text}' is not a whole number.");

    private static double Double(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new RewindUserException($"--{name}: '{text}' is not a number.");
}
