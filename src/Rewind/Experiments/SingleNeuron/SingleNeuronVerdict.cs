namespace Rewind.Experiments.SingleNeuron;

/// <summary>Whether the measured success rates agree with Paper A's single-neuron claim (§2.3).</summary>
public enum SingleNeuronVerdict
{
    /// <summary>Every checked cell agrees with the claim.</summary>
    Held,

    /// <summary>At least one checked cell contradicts the claim.</summary>
    NotHeld,

    /// <summary>No dimension d ≥ 2 was run, so the claim about overparameterisation could not be checked.</summary>
    NotTested,
}
