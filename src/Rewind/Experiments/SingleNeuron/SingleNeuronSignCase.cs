namespace Rewind.Experiments.SingleNeuron;

/// <summary>The initial sign combination of the output weight a(0) and the first input weight w_1(0) (Paper A Fig. 1, 2a).</summary>
public enum SingleNeuronSignCase
{
    /// <summary>a(0) &gt; 0 and w_1(0) &gt; 0: the only case a one-input neuron learns from (Theorem 2.1).</summary>
    APositiveW1Positive,

    /// <summary>a(0) &gt; 0 and w_1(0) &lt; 0: the case LRR repairs and IMP cannot (Theorem 2.3).</summary>
    APositiveW1Negative,

    /// <summary>a(0) &lt; 0 and w_1(0) &gt; 0: fails for both (a cannot change sign, Lemma 2.2).</summary>
    ANegativeW1Positive,

    /// <summary>a(0) &lt; 0 and w_1(0) &lt; 0: fails for both.</summary>
    ANegativeW1Negative,
}
