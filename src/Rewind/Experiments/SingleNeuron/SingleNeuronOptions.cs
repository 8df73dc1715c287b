namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Settings of the single-hidden-neuron experiment (Paper A §2.3, Figs. 2a and 18; ALGORITHMS.md §5.10). Every field
/// has a default that reproduces the paper's set-up at CPU size; <see cref="Validate"/> names the bad option.
/// </summary>
public sealed record SingleNeuronOptions
{
    /// <summary>Input dimensions d to run; Fig. 18 uses 1, 2, 5, 10 (Fig. 2a is d = 10).</summary>
    [Help("Input dimensions d, e.g. 1,2,5,10 (Paper A Fig. 18).")]
    public IReadOnlyList<int> Dims { get; init; } = [1, 2, 5, 10];

    /// <summary>Runs per (d, sign case); each run draws its own data set and initial |w|.</summary>
    [Help("Runs per dimension and sign case (the paper: 10); at least 2 for a confidence interval.")]
    [Range(2, 100_000)]
    public int Runs { get; init; } = 10;

    /// <summary>Seed from which every data set and initialisation is derived.</summary>
    [Help("Seed every data set and initialisation is derived from.")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; }

    /// <summary>Optimiser used in every level.</summary>
    [Help("Optimiser: lbfgs (PyTorch defaults, as the paper), lbfgs-strong-wolfe, or gradient-descent.")]
    [Choices(typeof(SingleNeuronOptions), nameof(OptimizerNames))]
    public SingleNeuronOptimizer Optimizer { get; init; } = SingleNeuronOptimizer.Lbfgs;

    /// <summary>Training samples n per data set (the paper does not state n; 1000 makes the noise floor σ²/2 well resolved).</summary>
    [Help("Training samples per data set.")]
    [Range(2, 10_000_000)]
    public int Samples { get; init; } = 1000;

    /// <summary>Label noise variance σ² (the paper: 0.01).</summary>
    [Help("Label noise variance sigma^2 (the paper: 0.01).")]
    [Range(0, double.MaxValue)]
    public double NoiseVariance { get; init; } = 0.01;

    /// <summary>Training length per level: epochs (one PyTorch LBFGS step each) for lbfgs, iterations for lbfgs-strong-wolfe, steps for gradient descent.</summary>
    [Help("Per level: epochs for lbfgs (the paper: 1000), iterations for lbfgs-strong-wolfe, steps for gradient-descent.")]
    [Range(1, 100_000_000)]
    public int StepsPerLevel { get; init; } = 1000;

    /// <summary>Prune–train levels after the first (dense) training (the paper: 3).</summary>
    [Help("Prune-train levels after the dense training (the paper: 3).")]
    [Range(1, 1000)]
    public int Levels { get; init; } = 3;

    /// <summary>Fraction of inputs kept per level, as an absolute density r^l at level l (the paper: 0.1^{1/3}).</summary>
    [Help("Keep fraction per level r; level l targets density r^l; the last level keeps exactly one input.")]
    [Range(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double KeepPerLevel { get; init; } = SingleNeuronPruning.DefaultKeepPerLevel;

    /// <summary>
    /// Learning rate of <see cref="SingleNeuronOptimizer.GradientDescent"/> (ignored by L-BFGS). 0.2 is stable for
    /// every d here (at d = 1 a large initial |w| makes 1.0 diverge); steps × rate is the gradient-flow time per level.
    /// </summary>
    [Help("Learning rate for gradient-descent (ignored by lbfgs); steps-per-level x rate = gradient-flow time.")]
    [Range(0, double.MaxValue, MinExclusive = true)]
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Curvature pairs L-BFGS remembers (PyTorch's default: 100).</summary>
    [Help("L-BFGS history size (PyTorch default 100).")]
    [Range(1, 1000)]
    public int LbfgsHistory { get; init; } = 100;

    /// <summary>
    /// A run succeeds when x_1 survives and the final objective is within this fraction of the gap between the
    /// noise floor σ²/2 and the zero predictor's objective, above the noise floor.
    /// </summary>
    [Help("Success: x_1 survives and L <= sigma^2/2 + tol*(L_zero - sigma^2/2).")]
    [Range(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double SuccessTolerance { get; init; } = 0.1;

    /// <summary>The command-line names of the optimisers, in <see cref="SingleNeuronOptimizer"/> order.</summary>
    public static IReadOnlyList<string> OptimizerNames { get; } = ["lbfgs", "lbfgs-strong-wolfe", "gradient-descent"];

    /// <summary>Parses <c>--dims</c> text such as "1,2,5,10" (Paper A Fig. 18); a <see cref="RewindUserException"/> names a bad entry.</summary>
    public static IReadOnlyList<int> ParseDims(string text)
    {
        var dims = new List<int>();
        foreach (string part in (text ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int d))
            {
                throw new RewindUserException($"Option dims (--dims) = \"{text}\": \"{part}\" is not a whole number; give comma-separated input dimensions ≥ 1, e.g. --dims 1,2,5,10.");
            }

            dims.Add(d);
        }

        return dims;
    }

    /// <summary>Parses <c>--optimizer</c> text (see <see cref="OptimizerNames"/>); a <see cref="RewindUserException"/> lists the allowed names.</summary>
    public static SingleNeuronOptimizer ParseOptimizer(string text)
    {
        for (int i = 0; i < OptimizerNames.Count; i++)
        {
            if (string.Equals(OptimizerNames[i], text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (SingleNeuronOptimizer)i;
            }
        }

        throw new RewindUserException($"Option optimizer (--optimizer) = \"{text}\" is unknown; use one of: {string.Join(", ", OptimizerNames)}.");
    }

    /// <summary>Throws <see cref="RewindUserException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (Dims is null || Dims.Count == 0)
        {
            throw new RewindUserException("Option dims (--dims) is empty; give one or more input dimensions ≥ 1, e.g. --dims 1,2,5,10.");
        }

        foreach (int d in Dims)
        {
            if (d < 1 || d > 10_000)
            {
                throw new RewindUserException($"Option dims (--dims) contains {d}; each input dimension must be an integer in 1..10000.");
            }
        }

        if (Dims.Distinct().Count() != Dims.Count)
        {
            throw new RewindUserException($"Option dims (--dims) = {string.Join(',', Dims)} repeats a dimension; list each at most once.");
        }

        Require(Runs >= 2, "runs (--runs)", Runs, "an integer ≥ 2 (a 95% confidence interval needs two runs)");
        Require(Samples >= 2, "samples (--samples)", Samples, "an integer ≥ 2");
        Require(double.IsFinite(NoiseVariance) && NoiseVariance >= 0, "noise-variance (--noise-variance)", NoiseVariance, "a finite number ≥ 0");
        Require(StepsPerLevel >= 1, "steps-per-level (--steps-per-level)", StepsPerLevel, "an integer ≥ 1");
        Require(Levels >= 1, "levels (--levels)", Levels, "an integer ≥ 1");
        Require(KeepPerLevel > 0 && KeepPerLevel < 1, "keep-per-level (--keep-per-level)", KeepPerLevel, "a fraction strictly between 0 and 1");
        Require(double.IsFinite(LearningRate) && LearningRate > 0, "learning-rate (--learning-rate)", LearningRate, "a finite number > 0");
        Require(LbfgsHistory >= 1, "lbfgs-history (--lbfgs-history)", LbfgsHistory, "an integer ≥ 1");
        Require(SuccessTolerance > 0 && SuccessTolerance < 1, "success-tolerance (--success-tolerance)", SuccessTolerance, "a fraction strictly between 0 and 1");
        if (!Enum.IsDefined(Optimizer))
        {
            throw new RewindUserException($"Option optimizer (--optimizer) = {(int)Optimizer} is unknown; use lbfgs, lbfgs-strong-wolfe or gradient-descent.");
        }
    }

    private static void Require(bool ok, string option, object value, string allowed)
    {
        if (!ok)
        {
            throw new RewindUserException($"Option {option} = {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)} is not allowed; use {allowed}.");
        }
    }
}

/// <summary>How each level of the single-neuron experiment is trained (Paper A §2.3 uses LBFGS).</summary>
public enum SingleNeuronOptimizer
{
    /// <summary>
    /// PyTorch's <c>torch.optim.LBFGS</c> with its defaults (lr 1, 20 iterations per step, no line search), one step
    /// per epoch, as the authors' single-neuron script calls it; steps per level = epochs.
    /// </summary>
    Lbfgs,

    /// <summary>Full-batch L-BFGS with PyTorch's strong-Wolfe line search, run to convergence; steps per level = iterations.</summary>
    LbfgsStrongWolfe,

    /// <summary>Full-batch gradient descent with a fixed learning rate; small rates approximate gradient flow (Paper A Eq. 1).</summary>
    GradientDescent,
}
