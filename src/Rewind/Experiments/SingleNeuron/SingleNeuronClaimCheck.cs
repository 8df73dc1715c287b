namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// One cell of the claim check: what Paper A §2.3 predicts for (d, sign case, strategy) and the measured success rate.
/// </summary>
/// <param name="Dimension">Input dimension d (≥ 2: the claim is about the overparameterised neuron).</param>
/// <param name="SignCase">Initial signs.</param>
/// <param name="Strategy">IMP or LRR.</param>
/// <param name="ExpectedSuccess">The claim's prediction: IMP only for (+,+), LRR whenever a(0) &gt; 0.</param>
/// <param name="SuccessRate">Measured success rate.</param>
/// <param name="Consistent">Rate ≥ <see cref="SingleNeuronClaim.SucceedsAtLeast"/> if success is predicted, ≤ <see cref="SingleNeuronClaim.FailsAtMost"/> if failure is.</param>
public sealed record SingleNeuronClaimCheck(
    int Dimension,
    SingleNeuronSignCase SignCase,
    SingleNeuronStrategy Strategy,
    bool ExpectedSuccess,
    double SuccessRate,
    bool Consistent);
