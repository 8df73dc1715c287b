using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// Adam with L2 weight decay added to the gradient, exactly torch.optim.Adam (not AdamW):
/// <c>m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; w ← w − η/(1−β1^t) · m / (√v/√(1−β2^t) + ε)</c>.
/// </summary>
public sealed class AdamOptimizer : OptimizerBase
{
    private readonly double _beta1, _beta2, _eps, _weightDecay;
    private readonly Tensor[] _m, _v;
    private readonly Tensor _step;

    /// <summary>Creates the optimizer.</summary>
    public AdamOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters)
    {
        (_beta1, _beta2, _eps, _weightDecay) = (beta1, beta2, eps, weightDecay);
        _m = Parameters.Select(p => AddState(p.Name + ".exp_avg", p.Parameter)).ToArray();
        _v = Parameters.Select(p => AddState(p.Name + ".exp_avg_sq", p.Parameter)).ToArray();
        _step = AddScalarState("step");
    }

    /// <inheritdoc/>
    public override void Step(double learningRate)
    {
        using var noGrad = no_grad();
        _step.add_(1);
        double t = _step.item<double>();
        double bc1 = 1 - Math.Pow(_beta1, t), bc2 = 1 - Math.Pow(_beta2, t);
        using var scope = NewDisposeScope();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            var g = p.grad;
            if (g is null) continue;
            if (_weightDecay != 0) g.add_(p, _weightDecay); // the gradient is discarded after the step
            _m[i].mul_(_beta1).add_(g, 1 - _beta1);
            _v[i].mul_(_beta2).addcmul_(g, g, 1 - _beta2);
            var denom = _v[i].sqrt().div_(Math.Sqrt(bc2)).add_(_eps);
            p.addcdiv_(_m[i], denom, -learningRate / bc1);
        }
    }
}
