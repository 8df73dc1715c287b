namespace Rewind.Experiments.SingleNeuron;

/// <summary>Display names and signs of the single-neuron experiment's enums, used by the report and the CSV (Paper A Fig. 2a).</summary>
internal static class SingleNeuronLabels
{
    /// <summary>All four sign cases in table order.</summary>
    public static readonly SingleNeuronSignCase[] SignCases =
    [
        SingleNeuronSignCase.APositiveW1Positive,
        SingleNeuronSignCase.APositiveW1Negative,
        SingleNeuronSignCase.ANegativeW1Positive,
        SingleNeuronSignCase.ANegativeW1Negative,
    ];

    /// <summary>Both strategies in table order.</summary>
    public static readonly SingleNeuronStrategy[] Strategies = [SingleNeuronStrategy.Imp, SingleNeuronStrategy.Lrr];

    /// <summary>Sign of a(0) in a sign case.</summary>
    public static int SignOfA(SingleNeuronSignCase c) =>
        c is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.APositiveW1Negative ? 1 : -1;

    /// <summary>Sign of w_1(0) in a sign case.</summary>
    public static int SignOfW1(SingleNeuronSignCase c) =>
        c is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.ANegativeW1Positive ? 1 : -1;

    /// <summary>"a&gt;0,w1&gt;0" style label.</summary>
    public static string Label(SingleNeuronSignCase c) =>
        $"a{(SignOfA(c) > 0 ? ">" : "<")}0,w1{(SignOfW1(c) > 0 ? ">" : "<")}0";

    /// <summary>Short label for plots: "+,+", "+,−", …</summary>
    public static string Short(SingleNeuronSignCase c) =>
        $"{(SignOfA(c) > 0 ? "+" : "−")},{(SignOfW1(c) > 0 ? "+" : "−")}";

    /// <summary>"IMP" or "LRR".</summary>
    public static string Label(SingleNeuronStrategy s) => s == SingleNeuronStrategy.Imp ? "IMP" : "LRR";
}
