using Rewind.Training;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Trains the single neuron θ = (a, w) on one level in plain double arithmetic: full-batch L-BFGS (default) or
/// gradient descent, pruned inputs fixed at 0 (Paper A §2.3).
/// </summary>
/// <remarks>
/// Why not TorchSharp: the model has at most d + 1 ≤ 11 parameters and one pass over n = 1000 samples costs ~10⁴
/// flops, so the per-call overhead of native tensor calls (µs each, several per evaluation) would dominate; plain
/// doubles are ~50× faster here, bit-reproducible, and let L-BFGS run in float64 to full convergence.
/// </remarks>
internal static class SingleNeuronTrainer
{
    /// <summary>Trains θ in place (masked entries of w are set to 0 first); returns the final objective and the iterations used.</summary>
    public static (double Loss, int Iterations) Train(SingleNeuronData data, double[] theta, bool[] mask, SingleNeuronOptions options)
    {
        for (int j = 0; j < mask.Length; j++)
        {
            if (!mask[j])
            {
                theta[j + 1] = 0;
            }
        }

        return options.Optimizer switch
        {
            SingleNeuronOptimizer.Lbfgs => TrainTorchLbfgs(data, theta, mask, options.StepsPerLevel, options.LbfgsHistory),
            SingleNeuronOptimizer.LbfgsStrongWolfe => TrainLbfgs(data, theta, mask, options.StepsPerLevel, options.LbfgsHistory),
            SingleNeuronOptimizer.GradientDescent => TrainGradientDescent(data, theta, mask, options.StepsPerLevel, options.LearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "unknown optimizer"),
        };
    }

    /// <summary>
    /// PyTorch-default L-BFGS, one <c>step()</c> per epoch for <paramref name="epochs"/> epochs. Stops early once a
    /// whole epoch leaves θ unchanged: every later epoch would then repeat it exactly.
    /// </summary>
    public static (double Loss, int Iterations) TrainTorchLbfgs(SingleNeuronData data, double[] theta, bool[] mask, int epochs, int history)
    {
        var optimizer = new TorchStyleLbfgs((x, g) => SingleNeuronModel.LossAndGradient(data, x, g, mask), theta.Length, history);
        var before = new double[theta.Length];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            Array.Copy(theta, before, theta.Length);
            optimizer.Step(theta);
            if (before.AsSpan().SequenceEqual(theta))
            {
                break;
            }
        }

        return (SingleNeuronModel.Loss(data, theta), optimizer.Iterations);
    }

    /// <summary>Full-batch L-BFGS with strong-Wolfe line search for at most <paramref name="iterations"/> iterations.</summary>
    public static (double Loss, int Iterations) TrainLbfgs(SingleNeuronData data, double[] theta, bool[] mask, int iterations, int history)
    {
        var (loss, used, _) = Lbfgs.Minimize(
            (x, g) => SingleNeuronModel.LossAndGradient(data, x, g, mask), theta, iterations, history);
        return (loss, used);
    }

    /// <summary>Full-batch gradient descent θ ← θ − η∇L for <paramref name="steps"/> steps.</summary>
    public static (double Loss, int Iterations) TrainGradientDescent(SingleNeuronData data, double[] theta, bool[] mask, int steps, double learningRate)
    {
        var g = new double[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            SingleNeuronModel.LossAndGradient(data, theta, g, mask);
            for (int j = 0; j < theta.Length; j++)
            {
                theta[j] -= learningRate * g[j];
            }
        }

        return (SingleNeuronModel.Loss(data, theta), steps);
    }
}
