namespace Rewind.Training;

/// <summary>
/// L-BFGS for tiny problems in plain double arithmetic (a handful of parameters on <c>double[]</c> arrays, full-batch
/// objectives, no tensors), in the two forms Paper A's single-neuron study uses (§2.3): <see cref="Minimize"/>, PyTorch's
/// strong-Wolfe line search (<c>torch.optim.LBFGS(line_search_fn="strong_wolfe")</c>, ported step for step) run to
/// convergence, and <see cref="TorchStyleLbfgs"/>, <c>torch.optim.LBFGS</c> with its defaults (no line search), one
/// <c>step()</c> per epoch. Both keep their curvature pairs in a <see cref="History"/> and take the same two-loop
/// direction; they differ in which pairs they keep and in how far they step. Not for networks: the network optimizers
/// are the <see cref="IOptimizer"/>s.
/// </summary>
/// <remarks>
/// One iteration of <see cref="Minimize"/> = one quasi-Newton direction plus its line search (PyTorch counts these as
/// the inner iterations of one <c>step()</c>). Coordinates whose gradient the objective sets to 0 (pruned weights) get
/// zero direction and never move. It stops at <c>maxIterations</c>, when the gradient's largest entry is at most
/// <see cref="GradientTolerance"/>, or when neither the objective nor the parameters change any more.
/// </remarks>
internal static class Lbfgs
{
    /// <summary>Stop when max |∂L/∂θ| falls to this value.</summary>
    public const double GradientTolerance = 1e-12;

    /// <summary>Stop when an iteration changes the objective by less than this fraction (and the step is as tiny).</summary>
    public const double ChangeTolerance = 1e-15;

    private const double C1 = 1e-4;
    private const double C2 = 0.9;
    private const int MaxLineSearch = 25;

    /// <summary>Writes the objective's gradient at x into grad and returns the objective.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> grad);

    /// <summary>Minimises from <paramref name="x"/> (updated in place); returns the final objective, iterations and evaluations.</summary>
    public static (double Loss, int Iterations, int Evaluations) Minimize(Objective f, double[] x, int maxIterations, int history)
    {
        int p = x.Length;
        var g = new double[p];
        double fx = f(x, g);
        int evaluations = 1;
        if (MaxAbs(g) <= GradientTolerance)
        {
            return (fx, 0, evaluations);
        }

        var pairs = new History(history, p);
        var d = new double[p];
        var xNew = new double[p];
        var gNew = new double[p];
        var sTmp = new double[p];
        var yTmp = new double[p];
        double hDiag = 1.0;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            pairs.Direction(g, hDiag, d);
            double gtd = Dot(g, d);
            if (!(gtd < 0))
            {
                // Not a descent direction (can happen after kinks of ReLU): forget the curvature pairs.
                pairs.Clear();
                hDiag = 1.0;
                pairs.Direction(g, hDiag, d);
                gtd = Dot(g, d);
                if (!(gtd < 0))
                {
                    break;
                }
            }

            double t = iteration == 0 ? Math.Min(1.0, 1.0 / SumAbs(g)) : 1.0;
            iteration++;
            var (fNew, step, evals) = StrongWolfe(f, x, t, d, fx, g, gtd, xNew, gNew);
            evaluations += evals;

            // s = step·d, y = gNew − g; keep the pair if the curvature is positive (scale-free test, unlike
            // PyTorch's absolute ys > 1e-10, which would drop every pair at the single neuron's tiny loss scale).
            double ys = 0, yy = 0, ss = 0, maxStep = 0;
            for (int j = 0; j < p; j++)
            {
                double sj = step * d[j];
                double yj = gNew[j] - g[j];
                sTmp[j] = sj;
                yTmp[j] = yj;
                ys += yj * sj;
                yy += yj * yj;
                ss += sj * sj;
                maxStep = Math.Max(maxStep, Math.Abs(sj));
            }

            if (ys > 1e-10 * Math.Sqrt(ss * yy) && ys > 0)
            {
                pairs.Add(sTmp, yTmp, ys);
                hDiag = ys / yy;
            }

            double change = fx - fNew;
            if (step > 0)
            {
                for (int j = 0; j < p; j++)
                {
                    x[j] += step * d[j];
                    g[j] = gNew[j];
                }

                fx = fNew;
            }

            if (MaxAbs(g) <= GradientTolerance)
            {
                break;
            }

            if (Math.Abs(change) <= ChangeTolerance * Math.Max(Math.Abs(fx), 1e-300) && maxStep <= 1e-12)
            {
                break;
            }
        }

        return (fx, iteration, evaluations);
    }

    /// <summary>PyTorch's <c>_strong_wolfe</c>: returns the accepted objective, step length (gradient there in gBest) and evaluations.</summary>
    private static (double F, double Step, int Evaluations) StrongWolfe(
        Objective f, double[] x, double t, double[] d, double f0, double[] g0, double gtd0, double[] xWork, double[] gBest)
    {
        int p = x.Length;
        double dNorm = MaxAbs(d);
        var gNew = new double[p];
        double fNew = Evaluate(f, x, t, d, xWork, gNew);
        int evals = 1;
        double gtdNew = Dot(gNew, d);
        double tPrev = 0, fPrev = f0, gtdPrev = gtd0;
        double[] gPrev = (double[])g0.Clone();
        bool done = false;
        int lsIter = 0;
        double[] bracket, bracketF, bracketGtd;
        double[][] bracketG;
        while (true)
        {
            if (lsIter >= MaxLineSearch)
            {
                bracket = [0, t];
                bracketF = [f0, fNew];
                bracketG = [(double[])g0.Clone(), (double[])gNew.Clone()];
                bracketGtd = [gtd0, gtdNew];
                break;
            }

            if (fNew > f0 + (C1 * t * gtd0) || (lsIter > 1 && fNew >= fPrev))
            {
                bracket = [tPrev, t];
                bracketF = [fPrev, fNew];
                bracketG = [gPrev, (double[])gNew.Clone()];
                bracketGtd = [gtdPrev, gtdNew];
                break;
            }

            if (Math.Abs(gtdNew) <= -C2 * gtd0)
            {
                bracket = [t];
                bracketF = [fNew];
                bracketG = [(double[])gNew.Clone()];
                bracketGtd = [gtdNew];
                done = true;
                break;
            }

            if (gtdNew >= 0)
            {
                bracket = [tPrev, t];
                bracketF = [fPrev, fNew];
                bracketG = [gPrev, (double[])gNew.Clone()];
                bracketGtd = [gtdPrev, gtdNew];
                break;
            }

            double minStep = t + (0.01 * (t - tPrev));
            double maxStep = t * 10;
            double tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = (double[])gNew.Clone();
            gtdPrev = gtdNew;
            fNew = Evaluate(f, x, t, d, xWork, gNew);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;
        }

        // Zoom.
        bool insufficientProgress = false;
        int low = 0, high = 1;
        if (bracket.Length == 2 && bracketF[0] > bracketF[1])
        {
            (low, high) = (1, 0);
        }

        while (!done && lsIter < MaxLineSearch)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < 1e-12)
            {
                break;
            }

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                Math.Min(bracket[0], bracket[1]), Math.Max(bracket[0], bracket[1]));
            double hi = Math.Max(bracket[0], bracket[1]);
            double lo = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.Min(hi - t, t - lo) < eps)
            {
                if (insufficientProgress || t >= hi || t <= lo)
                {
                    t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            fNew = Evaluate(f, x, t, d, xWork, gNew);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;
            if (fNew > f0 + (C1 * t * gtd0) || fNew >= bracketF[low])
            {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = (double[])gNew.Clone();
                bracketGtd[high] = gtdNew;
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -C2 * gtd0)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }

                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = (double[])gNew.Clone();
                bracketGtd[low] = gtdNew;
            }
        }

        if (bracket.Length == 1)
        {
            low = 0;
        }

        Array.Copy(bracketG[low], gBest, p);
        return (bracketF[low], bracket[low], evals);
    }

    private static double Evaluate(Objective f, double[] x, double t, double[] d, double[] xWork, double[] g)
    {
        for (int j = 0; j < x.Length; j++)
        {
            xWork[j] = x[j] + (t * d[j]);
        }

        return f(xWork, g);
    }

    private static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower, double upper)
    {
        double d1 = g1 + g2 - (3 * (f1 - f2) / (x1 - x2));
        double d2Square = (d1 * d1) - (g1 * g2);
        if (d2Square >= 0)
        {
            double d2 = Math.Sqrt(d2Square);
            double minPos = x1 <= x2
                ? x2 - ((x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + (2 * d2))))
                : x1 - ((x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + (2 * d2))));
            if (double.IsNaN(minPos))
            {
                return (lower + upper) / 2;
            }

            return Math.Min(Math.Max(minPos, lower), upper);
        }

        return (lower + upper) / 2;
    }

    /// <summary>Σ a_j·b_j.</summary>
    internal static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>y ← y + α·x.</summary>
    internal static void Axpy(double alpha, double[] x, double[] y)
    {
        for (int j = 0; j < y.Length; j++) y[j] += alpha * x[j];
    }

    /// <summary>max_j |v_j|.</summary>
    internal static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }

    /// <summary>Σ |v_j|.</summary>
    internal static double SumAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m += Math.Abs(e);
        return m;
    }

    /// <summary>
    /// The last <c>capacity</c> curvature pairs (s = step, y = change of gradient, ρ = 1/yᵀs), oldest dropped first, and
    /// the two-loop recursion d = −H·g over them (Nocedal &amp; Wright Alg. 7.4; PyTorch's <c>torch.optim.LBFGS</c> order
    /// of operations, so both variants reproduce PyTorch bit for bit).
    /// </summary>
    internal sealed class History(int capacity, int dimension)
    {
        private readonly double[][] _s = new double[capacity][];
        private readonly double[][] _y = new double[capacity][];
        private readonly double[] _rho = new double[capacity];
        private readonly double[] _alpha = new double[capacity];
        private int _newest = -1;

        /// <summary>Pairs currently kept (at most the capacity).</summary>
        public int Count { get; private set; }

        /// <summary>Forgets every pair.</summary>
        public void Clear() => Count = 0;

        /// <summary>Keeps the pair (s, y) with yᵀs = <paramref name="ys"/> (copied), dropping the oldest when full.</summary>
        public void Add(double[] s, double[] y, double ys)
        {
            int slot = (_newest + 1) % capacity;
            _s[slot] ??= new double[dimension];
            _y[slot] ??= new double[dimension];
            Array.Copy(s, _s[slot], dimension);
            Array.Copy(y, _y[slot], dimension);
            _rho[slot] = 1.0 / ys;
            _newest = slot;
            Count = Math.Min(Count + 1, capacity);
        }

        /// <summary>Writes d = −H·g into <paramref name="d"/>, H the L-BFGS inverse Hessian with initial scale <paramref name="hDiag"/>.</summary>
        public void Direction(double[] g, double hDiag, double[] d)
        {
            for (int j = 0; j < d.Length; j++)
            {
                d[j] = -g[j];
            }

            for (int k = 0; k < Count; k++)
            {
                int i = Slot(k);
                _alpha[i] = Dot(_s[i], d) * _rho[i];
                Axpy(-_alpha[i], _y[i], d);
            }

            for (int j = 0; j < d.Length; j++)
            {
                d[j] *= hDiag;
            }

            for (int k = Count - 1; k >= 0; k--)
            {
                int i = Slot(k);
                double beta = Dot(_y[i], d) * _rho[i];
                Axpy(_alpha[i] - beta, _s[i], d);
            }
        }

        /// <summary>The slot of the k-th newest pair (k = 0: the newest).</summary>
        private int Slot(int k) => ((_newest - k) % capacity + capacity) % capacity;
    }
}

/// <summary>
/// <c>torch.optim.LBFGS</c> with PyTorch's defaults (lr 1, max_iter 20, max_eval 25, tolerance_grad 1e-7,
/// tolerance_change 1e-9, history_size 100, no line search), ported to plain double arrays for tiny problems: the
/// optimiser Paper A's authors call as <c>torch.optim.LBFGS(model.parameters())</c> once per epoch to train the single
/// neuron (§2.3, "trained with LBFGS … 1000 epochs"). The strong-Wolfe variant is <see cref="Lbfgs.Minimize"/>.
/// </summary>
/// <remarks>
/// One <see cref="Step"/> is one PyTorch <c>optimizer.step(closure)</c>, i.e. one "epoch" of full-batch training with
/// up to <see cref="MaxIterationsPerStep"/> quasi-Newton iterations; the state (curvature pairs, last direction and
/// step) carries over between steps exactly as in PyTorch. Entries whose gradient the objective sets to 0 (pruned
/// weights) never move. A fresh instance is used for every prune–train level.
/// </remarks>
/// <param name="objective">Writes the gradient at x and returns the objective.</param>
/// <param name="parameters">Number of parameters.</param>
/// <param name="historySize">Curvature pairs kept (PyTorch's <c>history_size</c>).</param>
internal sealed class TorchStyleLbfgs(Lbfgs.Objective objective, int parameters, int historySize = 100)
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

    private readonly Lbfgs.History _pairs = new(historySize, parameters);
    private readonly double[] _grad = new double[parameters];
    private readonly double[] _prevGrad = new double[parameters];
    private readonly double[] _d = new double[parameters];
    private readonly double[] _s = new double[parameters];
    private readonly double[] _y = new double[parameters];
    private double _t;
    private double _hDiag = 1;

    /// <summary>Quasi-Newton iterations done so far over all steps (PyTorch's <c>state["n_iter"]</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>Objective evaluations so far (PyTorch's <c>state["func_evals"]</c>).</summary>
    public int Evaluations { get; private set; }

    /// <summary>One <c>optimizer.step(closure)</c> on <paramref name="x"/> (updated in place); returns the objective at entry, as PyTorch does.</summary>
    public double Step(double[] x)
    {
        double origLoss = objective(x, _grad);
        double loss = origLoss;
        int currentEvals = 1;
        Evaluations++;
        if (Lbfgs.MaxAbs(_grad) <= ToleranceGrad)
        {
            return origLoss;
        }

        int nIter = 0;
        while (nIter < MaxIterationsPerStep)
        {
            nIter++;
            Iterations++;
            if (Iterations == 1)
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

            Array.Copy(_grad, _prevGrad, _grad.Length);
            double prevLoss = loss;
            _t = Iterations == 1 ? Math.Min(1.0, 1.0 / Lbfgs.SumAbs(_grad)) * LearningRate : LearningRate;
            double gtd = Lbfgs.Dot(_grad, _d);
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
                optimal = Lbfgs.MaxAbs(_grad) <= ToleranceGrad;
                currentEvals++;
                Evaluations++;
            }

            if (nIter == MaxIterationsPerStep || currentEvals >= MaxEvaluationsPerStep || optimal)
            {
                break;
            }

            if (Lbfgs.MaxAbs(_d) * Math.Abs(_t) <= ToleranceChange || Math.Abs(loss - prevLoss) < ToleranceChange)
            {
                break;
            }
        }

        return origLoss;
    }

    /// <summary>PyTorch's update: keep (s, y) when yᵀs &gt; 1e-10 (absolute, as PyTorch), rescale, then the two-loop direction.</summary>
    private void UpdateDirection()
    {
        double ys = 0, yy = 0;
        for (int j = 0; j < _grad.Length; j++)
        {
            _y[j] = _grad[j] - _prevGrad[j];
            _s[j] = _d[j] * _t;
            ys += _y[j] * _s[j];
            yy += _y[j] * _y[j];
        }

        if (ys > 1e-10)
        {
            _pairs.Add(_s, _y, ys);
            _hDiag = ys / yy;
        }

        _pairs.Direction(_grad, _hDiag, _d);
    }
}
