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

    /// <summary>Creates the optimizer (torch defaults: α 0.99, ε 1e-8, no weight decay, no momentum, not centered).</summary>
    public RmspropOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double alpha, double eps,
        double weightDecay, double momentum, bool centered)
        : base(parameters)
    {
        (_alpha, _eps, _weightDecay, _momentum) = (alpha, eps, weightDecay, momentum);
        _squareAverage = Parameters.Select(p => AddState(p.Name + ".square_avg", p.Parameter)).ToArray();
        _gradAverage = Parameters.Select(p => centered ? AddState(p.Name + ".grad_avg", p.Parameter) : null).ToArray();
        _buffers = Parameters.Select(p => momentum > 0 ? AddState(p.Name + ".momentum", p.Parameter) : null).ToArray();
    }

    /// <inheritdoc/>
    public override void Step(double learningRate)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope(); // one scope per step, as SgdOptimizer and AdamOptimizer
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            var g = p.grad;
            if (g is null) continue;
            if (_weightDecay != 0) g.add_(p, _weightDecay); // the gradient is discarded after the step
            var v = _squareAverage[i];
            v.mul_(_alpha).addcmul_(g, g, 1 - _alpha);
            Tensor avg;
            if (_gradAverage[i] is { } gAvg)
            {
                gAvg.mul_(_alpha).add_(g, 1 - _alpha);
                avg = v.addcmul(gAvg, gAvg, -1).sqrt_();
            }
            else
            {
                avg = v.sqrt();
            }
            avg.add_(_eps);
            if (_buffers[i] is { } buf)
            {
                buf.mul_(_momentum).addcdiv_(g, avg);
                p.add_(buf, -learningRate);
            }
            else
            {
                p.addcdiv_(g, avg, -learningRate);
            }
        }
    }
}
