namespace Rewind.Training;

/// <summary>Optimizer and its hyperparameters.</summary>
public sealed record OptimizerSpec
{
    [Help("The optimizer; each follows torch.optim's formulas.")]
    [Choices(typeof(Optimizers), nameof(Optimizers.Names))]
    public string Name { get; init; } = "sgd";

    [Help("Peak learning rate of the dense level 0, and of every level with peak.name fixed (SILO's ε).")]
    [Range(0, 100, MinExclusive = true)]
    public double Lr { get; init; } = 0.1;

    [Help("SGD momentum.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Momentum { get; init; } = 0.9;

    [Help("Use Nesterov momentum (SGD).")]
    public bool Nesterov { get; init; }

    [Help("L2 weight decay (added to the gradient, as torch.optim.SGD/Adam do).")]
    [Range(0, 1)]
    public double WeightDecay { get; init; } = 1e-4;

    [Help("Adam beta1.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Beta1 { get; init; } = 0.9;

    [Help("Adam beta2.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Beta2 { get; init; } = 0.999;

    [Help("Adam and RMSprop epsilon.")]
    [Range(0, 1, MinExclusive = true)]
    public double Eps { get; init; } = 1e-8;

    [Help("RMSprop smoothing constant α of the squared-gradient average (torch default 0.99).")]
    [Range(0, 1, MaxExclusive = true)]
    public double Alpha { get; init; } = 0.99;

    [Help("RMSprop momentum (torch default 0; SGD uses momentum).")]
    [Range(0, 1, MaxExclusive = true)]
    public double RmspropMomentum { get; init; }

    [Help("Centered RMSprop: normalise by the estimated variance instead of the second moment.")]
    public bool Centered { get; init; }
}
