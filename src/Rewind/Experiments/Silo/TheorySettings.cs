
namespace Rewind.Experiments.Silo;

/// <summary>
/// The settings of <c>rewind experiment silo-theory</c> (Paper B Appendix B, ALGORITHMS §6.5–§6.6), changed with
/// <c>--set key=value</c> like a run spec: the two-layer ReLU network and its data, the Theorem-2 step, the pruned
/// fractions τ, and the SILO S-curve drawn beside Remark 2's relative learning rate.
/// </summary>
public sealed record TheorySettings
{
    [Help("σ_X: standard deviation of the inputs X ~ N(0, σ_X² I) (Appendix B: 0.1).")]
    [Range(0, 100, MinExclusive = true)]
    public double SigmaX { get; init; } = 0.1;

    [Help("σ_W: standard deviation of the weights and biases at initialisation (Appendix B: 0.01).")]
    [Range(0, 100, MinExclusive = true)]
    public double SigmaW { get; init; } = 0.01;

    [Help("d: input dimension (Appendix B: 100).")]
    [Range(1, 100000)]
    public int Inputs { get; init; } = 100;

    [Help("Hidden ReLU units (Appendix B: 1000).")]
    [Range(1, 1000000)]
    public int Hidden { get; init; } = 1000;

    [Help("Output classes; labels are argmax(W0ᵀX) for a random W0 (Appendix B: 2).")]
    [Range(2, 1000)]
    public int Outputs { get; init; } = 2;

    [Help("Samples of X per draw (E_AA is their mean; the Theorem-2 step is full-batch over them).")]
    [Range(1, 10000000)]
    public int Samples { get; init; } = 1000;

    [Help("Initialisations of W2 the Theorem-2 check averages E_WG over (Appendix B: 500).")]
    [Range(1, 100000)]
    public int Inits { get; init; } = 500;

    [Help("Learning rate of the Theorem-2 gradient-descent step (Appendix B: 0.5).")]
    [Range(0, 1000, MinExclusive = true)]
    public double Lr { get; init; } = 0.5;

    [Help("Total pruned fractions τ of both layers to check the theorems at (Appendix B: 0.1 … 0.9 and 0.99).")]
    [Range(0, 1, MaxExclusive = true)]
    public IReadOnlyList<double> Taus { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99];

    [Help("p: pruning rate per level for Remark 2's curve, τ_k = 1 − (1 − p)^k (Paper B: 0.2).")]
    [Range(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double Rate { get; init; } = 0.2;

    [Help("Levels k = 0..levels of Remark 2's relative learning rate (Paper B plots 25).")]
    [Range(1, 200)]
    public int Levels { get; init; } = 25;

    [Help("SILO's ε for the S-curve drawn beside Remark 2 (Paper B ResNet-20: 0.03).")]
    [Range(0, 100, MinExclusive = true)]
    public double Epsilon { get; init; } = 0.03;

    [Help("SILO's δ (Paper B ResNet-20: 0.04).")]
    [Range(0, 100)]
    public double Delta { get; init; } = 0.04;

    [Help("SILO's q (Paper B: 1).")]
    [Range(0, 1000)]
    public int Q { get; init; } = 1;

    [Help("SILO's β (Paper B: 5).")]
    [Range(0, 1000, MinExclusive = true)]
    public double Beta { get; init; } = 5;
}
