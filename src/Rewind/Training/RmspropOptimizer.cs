using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// RMSprop (Tieleman &amp; Hinton 2012), exactly torch.optim.RMSprop, which Paper B Table 13 runs SILO with:
/// <c>g ← ∇ + λw; v ← αv + (1−α)g²; a ← √v + ε</c> (centered: <c>ḡ ← αḡ + (1−α)g; a ← √(v − ḡ²) + ε</c>);
/// <c>w ← w − η·g/a</c>, or with momentum μ <c>b ← μb + g/a; w ← w − η·b</c>.
/// </summary>
public sealed class RmspropOptimizer : OptimizerBase
{
    private readonly double _alpha, _eps, _weightDecay, _momentum;
    private readonly Tensor[] _squareAverage;
    private readonly Tensor?[] _gradAverage, _buffers;

    // Rooted for the optimizer's lifetime (see Core.Scalars).
    private readonly Scalar _alphaScalar, _oneMinusAlpha, _epsScalar, _weightDecayScalar, _momentumScalar;

    /// <summary>Creates the optimizer (torch defaults: α 0.99, ε 1e-8, no weight decay, no momentum, not centered).</summary>
    public RmspropOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double alpha, double eps,
        double weightDecay, double momentum, bool centered)
        : base(parameters)
    {
        (_alpha, _eps, _weightDecay, _momentum) = (alpha, eps, weightDecay, momentum);
        (_alphaScalar, _oneMinusAlpha, _epsScalar, _weightDecayScalar, _momentumScalar) =
            (alpha.ToScalar(), (1 - alpha).ToScalar(), eps.ToScalar(), weightDecay.ToScalar(), momentum.ToScalar());
        _squareAverage = Parameters.Select(p => AddState(p.Name + ".square_avg", p.Parameter)).ToArray();
        _gradAverage = Parameters.Select(p => centered ? AddState(p.Name + ".grad_avg", p.Parameter) : null).ToArray();
        _buffers = Parameters.Select(p => momentum > 0 ? AddState(p.Name + ".momentum", p.Parameter) : null).ToArray();
    }

    /// <inheritdoc/>
    public override void Step(double learningRate)
    {
        using var noGrad = no_grad();
        using Scalar step = -learningRate;
        using var scope = NewDisposeScope(); // one scope per step, as SgdOptimizer and AdamOptimizer
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            var g = p.grad;
            if (g is null) continue;
            if (_weightDecay != 0) g.add_(p, _weightDecayScalar); // the gradient is discarded after the step
            var v = _squareAverage[i];
            v.mul_(_alphaScalar).addcmul_(g, g, _oneMinusAlpha);
            Tensor avg;
            if (_gradAverage[i] is { } gAvg)
            {
                gAvg.mul_(_alphaScalar).add_(g, _oneMinusAlpha);
                avg = v.addcmul(gAvg, gAvg, Scalars.MinusOne).sqrt_();
            }
            else
            {
                avg = v.sqrt();
            }
            avg.add_(_epsScalar, Scalars.One);
            if (_buffers[i] is { } buf)
            {
                buf.mul_(_momentumScalar).addcdiv_(g, avg, Scalars.One);
                p.add_(buf, step);
            }
            else
            {
                p.addcdiv_(g, avg, step);
            }
        }
    }
}
