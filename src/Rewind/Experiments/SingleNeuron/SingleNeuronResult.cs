namespace Rewind.Experiments.SingleNeuron;

/// <summary>Everything the single-neuron experiment measured (Paper A §2.3, Figs. 2a and 18); input of <see cref="SingleNeuronReport.Write"/>.</summary>
/// <param name="Options">The validated options, defaults filled in.</param>
/// <param name="KeptCounts">Per d, the number of inputs kept after each level.</param>
/// <param name="Runs">One entry per (d, run, sign case, strategy).</param>
/// <param name="Summary">One row per (d, sign case, strategy).</param>
/// <param name="Claim">The claim check computed from <paramref name="Summary"/>.</param>
/// <param name="Elapsed">Wall-clock time of <see cref="SingleNeuronExperiment.Run"/>.</param>
public sealed record SingleNeuronResult(
    SingleNeuronOptions Options,
    IReadOnlyDictionary<int, IReadOnlyList<int>> KeptCounts,
    IReadOnlyList<SingleNeuronRun> Runs,
    IReadOnlyList<SingleNeuronSummaryRow> Summary,
    SingleNeuronClaim Claim,
    TimeSpan Elapsed);
