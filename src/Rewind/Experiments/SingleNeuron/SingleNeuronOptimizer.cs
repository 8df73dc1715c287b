namespace Rewind.Experiments.SingleNeuron;

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
