namespace Rewind.Experiments.Silo;

/// <summary>One pruned fraction τ of the Appendix-B network, measured on one draw (seed).</summary>
/// <param name="Tau">Total pruned fraction of both layers.</param>
/// <param name="Bound">Theorem 1's C = σ_W² + d·σ_X²·σ_W²·F(τ).</param>
/// <param name="FourEaa">The measured 4·E_AA of the hidden layer.</param>
/// <param name="WeightChange">The measured E_WG of W2 after one gradient step, averaged over the W2 initialisations.</param>
public sealed record TheoryPoint(double Tau, double Bound, double FourEaa, double WeightChange);
