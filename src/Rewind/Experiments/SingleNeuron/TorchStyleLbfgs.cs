namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// <c>torch.optim.LBFGS</c> with PyTorch's defaults (lr 1, max_iter 20, max_eval 25, tolerance_grad 1e-7,
/// tolerance_change 1e-9, history_size 100, no line search), ported to plain doubles: the optimiser Paper A's authors
/// call as <c>torch.optim.LBFGS(model.parameters())</c> once per epoch (§2.3, "trained with LBFGS … 1000 epochs").
/// </summary>
/// <remarks>
/// One <see cref="Step"/> is one PyTorch <c>optimizer.step(closure)</c>, i.e. one "epoch" of full-batch training with
/// up to <see cref="MaxIterationsPerStep"/> quasi-Newton iterations; the state (curvature pairs, last direction and
/// step) carries over between steps exactly as in PyTorch. Entries whose gradient the objective sets to 0 (pruned
/// weights) never move. A fresh instance is used for every prune–train level.
/// </remarks>
internal sealed class TorchStyleLbfgs(LbfgsMinimizer.Objective objective, int parameters, int historySize = 100)
{
    /// <summary>PyTorch's <c>lr</c> default.</summary>
    public const double LearningRate = 1.0;

    /// <summary>PyTorch's <c>max_iter</c> default.</summary>
    public const int MaxIterationsPerStep = 20;

    /// <summary>PyTorch's <c>max_eval</c> default (max_iter · 5/4).</summary>
    public const int MaxEvaluationsPerStep = 25;

    /// <summary>PyTorch's <c>tolerance_grad</c> default.</summary>
    public const double ToleranceGrad = 1e-7;

    /// <summary>PyTorch's <c>tolerance_change</c> default.</summary>
    public const double ToleranceChange = 1e-9;

    private readonly List<double[]> _oldDirs = [];
    private readonly List<double[]> _oldSteps = [];
    private readonly List<double> _ro = [];
    private readonly double[] _grad = new double[parameters];
    private readonly double[] _d = new double[parameters];
    private double[]? _prevGrad;
    private double _t;
    private double _hDiag = 1;
    private int _totalIterations;

    /// <summary>Quasi-Newton iterations done so far over all steps (PyTorch's <c>state["n_iter"]</c>).</summary>
    public int Iterations => _totalIterations;

    /// <summary>Objective evaluations so far (PyTorch's <c>state["func_evals"]</c>).</summary>
    public int Evaluations { get; private set; }

    /// <summary>One <c>optimizer.step(closure)</c> on <paramref name="x"/> (updated in place); returns the objective at entry, as PyTorch does.</summary>
    public double Step(double[] x)
    {
        double origLoss = objective(x, _grad);
        double loss = origLoss;
        int currentEvals = 1;
        Evaluations++;
        if (VectorOps.MaxAbs(_grad) <= ToleranceGrad)
        {
            return origLoss;
        }

        int nIter = 0;
        while (nIter < MaxIterationsPerStep)
        {
            nIter++;
            _totalIterations++;
            if (_totalIterations == 1)
            {
                for (int j = 0; j < _d.Length; j++)
                {
                    _d[j] = -_grad[j];
                }

                _hDiag = 1;
            }
            else
            {
                UpdateDirection();
            }

            _prevGrad ??= new double[_grad.Length];
            Array.Copy(_grad, _prevGrad, _grad.Length);
            double prevLoss = loss;
            _t = _totalIterations == 1 ? Math.Min(1.0, 1.0 / VectorOps.SumAbs(_grad)) * LearningRate : LearningRate;
            double gtd = VectorOps.Dot(_grad, _d);
            if (gtd > -ToleranceChange)
            {
                break;
            }

            for (int j = 0; j < x.Length; j++)
            {
                x[j] += _t * _d[j];
            }

            bool optimal = false;
            if (nIter != MaxIterationsPerStep)
            {
                loss = objective(x, _grad);
                optimal = VectorOps.MaxAbs(_grad) <= ToleranceGrad;
                currentEvals++;
                Evaluations++;
            }

            if (nIter == MaxIterationsPerStep || currentEvals >= MaxEvaluationsPerStep || optimal)
            {
                break;
            }

            if (VectorOps.MaxAbs(_d) * Math.Abs(_t) <= ToleranceChange || Math.Abs(loss - prevLoss) < ToleranceChange)
            {
                break;
            }
        }

        return origLoss;
    }

    private void UpdateDirection()
    {
        int p = _grad.Length;
        var y = new double[p];
        var s = new double[p];
        double ys = 0, yy = 0;
        for (int j = 0; j < p; j++)
        {
            y[j] = _grad[j] - _prevGrad![j];
            s[j] = _d[j] * _t;
            ys += y[j] * s[j];
            yy += y[j] * y[j];
        }

        if (ys > 1e-10)
        {
            if (_oldDirs.Count == historySize)
            {
                _oldDirs.RemoveAt(0);
                _oldSteps.RemoveAt(0);
                _ro.RemoveAt(0);
            }

            _oldDirs.Add(y);
            _oldSteps.Add(s);
            _ro.Add(1.0 / ys);
            _hDiag = ys / yy;
        }

        int numOld = _oldDirs.Count;
        var al = new double[numOld];
        for (int j = 0; j < p; j++)
        {
            _d[j] = -_grad[j];
        }

        for (int i = numOld - 1; i >= 0; i--)
        {
            al[i] = VectorOps.Dot(_oldSteps[i], _d) * _ro[i];
            VectorOps.Axpy(-al[i], _oldDirs[i], _d);
        }

        for (int j = 0; j < p; j++)
        {
            _d[j] *= _hDiag;
        }

        for (int i = 0; i < numOld; i++)
        {
            double be = VectorOps.Dot(_oldDirs[i], _d) * _ro[i];
            VectorOps.Axpy(al[i] - be, _oldSteps[i], _d);
        }
    }
}
