using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// SGD with momentum, Nesterov and L2 weight decay, exactly torch.optim.SGD (dampening 0):
/// <c>g ← ∇ + λw; b ← μb + g; w ← w − η·(g + μb if Nesterov else b)</c>. A zero-initialised buffer equals
/// torch's "first step copies g" rule, so state can always be a plain tensor.
/// </summary>
public sealed class SgdOptimizer : OptimizerBase
{
    private readonly double _momentum, _weightDecay;
    private readonly bool _nesterov;
    private readonly Tensor?[] _buffers;

    // Rooted for the optimizer's lifetime (see Core.Scalars).
    private readonly Scalar _momentumScalar, _weightDecayScalar;

    /// <summary>Creates the optimizer.</summary>
    public SgdOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double momentum, double weightDecay, bool nesterov)
        : base(parameters)
    {
        _momentum = momentum;
        _weightDecay = weightDecay;
        _nesterov = nesterov;
        (_momentumScalar, _weightDecayScalar) = (momentum.ToScalar(), weightDecay.ToScalar());
        _buffers = Parameters.Select(p => momentum > 0 ? AddState(p.Name + ".momentum", p.Parameter) : null).ToArray();
    }

    /// <inheritdoc/>
    public override void Step(double learningRate)
    {
        // One scope for the whole step (not one per parameter) and in-place updates: the gradient is discarded after
        // the step (zero_grad sets it to none), so adding weight decay into it changes nothing else.
        using var noGrad = no_grad();
        using Scalar step = -learningRate;
        using var scope = NewDisposeScope();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            var g = p.grad;
            if (g is null) continue;
            if (_weightDecay != 0) g.add_(p, _weightDecayScalar);
            var buf = _buffers[i];
            if (buf is not null)
            {
                buf.mul_(_momentumScalar).add_(g, Scalars.One);
                if (_nesterov) g.add_(buf, _momentumScalar);
                else g = buf;
            }
            p.add_(g, step);
        }
    }
}
