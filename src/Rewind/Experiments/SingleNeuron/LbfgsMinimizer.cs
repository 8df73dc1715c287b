namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Full-batch L-BFGS in plain double arithmetic with PyTorch's strong-Wolfe line search (<c>torch.optim.LBFGS</c>
/// with <c>line_search_fn="strong_wolfe"</c>, ported step for step), used to train the single neuron (Paper A §2.3).
/// </summary>
/// <remarks>
/// One iteration = one quasi-Newton direction plus its line search (PyTorch counts these as the inner iterations
/// of one <c>step()</c>). Coordinates that the caller marks as fixed have zero gradient, hence zero direction, and
/// never move. Stops at <c>maxIterations</c>, when the gradient's largest entry is at most
/// <see cref="GradientTolerance"/>, or when neither the objective nor the parameters change any more.
/// </remarks>
internal static class LbfgsMinimizer
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
        if (VectorOps.MaxAbs(g) <= GradientTolerance)
        {
            return (fx, 0, evaluations);
        }

        var s = new double[history][];
        var y = new double[history][];
        var rho = new double[history];
        int stored = 0, newest = -1;
        var d = new double[p];
        var alpha = new double[history];
        var xNew = new double[p];
        var gNew = new double[p];
        var sTmp = new double[p];
        var yTmp = new double[p];
        double hDiag = 1.0;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            // Two-loop recursion: d = −H·g.
            for (int j = 0; j < p; j++)
            {
                d[j] = -g[j];
            }

            for (int k = 0; k < stored; k++)
            {
                int idx = ((newest - k) % history + history) % history;
                alpha[idx] = VectorOps.Dot(s[idx], d) * rho[idx];
                VectorOps.Axpy(-alpha[idx], y[idx], d);
            }

            VectorOps.Scale(hDiag, d);
            for (int k = stored - 1; k >= 0; k--)
            {
                int idx = ((newest - k) % history + history) % history;
                double beta = VectorOps.Dot(y[idx], d) * rho[idx];
                VectorOps.Axpy(alpha[idx] - beta, s[idx], d);
            }

            double gtd = VectorOps.Dot(g, d);
            if (!(gtd < 0))
            {
                // Not a descent direction (can happen after kinks of ReLU): forget the curvature pairs.
                stored = 0;
                hDiag = 1.0;
                for (int j = 0; j < p; j++)
                {
                    d[j] = -g[j];
                }

                gtd = VectorOps.Dot(g, d);
                if (!(gtd < 0))
                {
                    break;
                }
            }

            double t = iteration == 0 ? Math.Min(1.0, 1.0 / VectorOps.SumAbs(g)) : 1.0;
            iteration++;
            var (fNew, step, evals) = StrongWolfe(f, x, t, d, fx, g, gtd, xNew, gNew);
            evaluations += evals;

            // s = step·d, y = gNew − g; keep the pair if the curvature is positive (scale-free test, unlike
            // PyTorch's absolute ys > 1e-10, which would drop every pair at this model's tiny loss scale).
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
                int slot = (newest + 1) % history;
                s[slot] ??= new double[p];
                y[slot] ??= new double[p];
                Array.Copy(sTmp, s[slot], p);
                Array.Copy(yTmp, y[slot], p);
                rho[slot] = 1.0 / ys;
                newest = slot;
                stored = Math.Min(stored + 1, history);
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

            if (VectorOps.MaxAbs(g) <= GradientTolerance)
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
        double dNorm = VectorOps.MaxAbs(d);
        var gNew = new double[p];
        double fNew = Evaluate(f, x, t, d, xWork, gNew);
        int evals = 1;
        double gtdNew = VectorOps.Dot(gNew, d);
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
            gtdNew = VectorOps.Dot(gNew, d);
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
            gtdNew = VectorOps.Dot(gNew, d);
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
}
