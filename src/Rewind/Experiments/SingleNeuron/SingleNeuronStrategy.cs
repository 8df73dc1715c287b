namespace Rewind.Experiments.SingleNeuron;

/// <summary>How a pruning level of the single-neuron experiment starts (Paper A §2, "LRR" and "IMP").</summary>
public enum SingleNeuronStrategy
{
    /// <summary>Iterative magnitude pruning: rewind the surviving w and a to their initial values.</summary>
    Imp,

    /// <summary>Learning-rate rewinding: continue from the values the previous level ended with.</summary>
    Lrr,
}
