using TorchSharp;
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

    // Rooted for the optimizer's lifetime (see Core.Scalars): β1, 1−β1, β2, 1−β2, ε and the weight decay.
    private readonly Scalar _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar, _weightDecayScalar;

    /// <summary>Creates the optimizer.</summary>
    public AdamOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters)
    {
        (_beta1, _beta2, _eps, _weightDecay) = (beta1, beta2, eps, weightDecay);
        _m = Parameters.Select(p => AddState(p.Name + ".exp_avg", p.Parameter)).ToArray();
        _v = Parameters.Select(p => AddState(p.Name + ".exp_avg_sq", p.Parameter)).ToArray();
        _step = AddScalarState("step");
        (_beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar, _weightDecayScalar) =
            (beta1.ToScalar(), (1 - beta1).ToScalar(), beta2.ToScalar(), (1 - beta2).ToScalar(), eps.ToScalar(), weightDecay.ToScalar());
    }

    /// <inheritdoc/>
    public override void Step(double learningRate)
    {
        using var noGrad = no_grad();
        _step.add_(Scalars.One, Scalars.One);
        double t = _step.item<double>();
        double bc1 = 1 - Math.Pow(_beta1, t), bc2 = 1 - Math.Pow(_beta2, t);
        using Scalar rootBc2 = Math.Sqrt(bc2), stepSize = -learningRate / bc1;
        using var scope = NewDisposeScope();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            var g = p.grad;
            if (g is null) continue;
            if (_weightDecay != 0) g.add_(p, _weightDecayScalar); // the gradient is discarded after the step
            _m[i].mul_(_beta1Scalar).add_(g, _oneMinusBeta1);
            _v[i].mul_(_beta2Scalar).addcmul_(g, g, _oneMinusBeta2);
            var denom = _v[i].sqrt().div_(rootBc2).add_(_epsScalar, Scalars.One);
            p.addcdiv_(_m[i], denom, stepSize);
        }
    }
}
