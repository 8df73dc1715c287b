namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// The objective <c>L(a, w) = (1/2n)Σ(a·ReLU(wᵀx_i) − y_i)²</c> of the single-neuron model and its gradient
/// (Paper A Eq. 1–2), on a packed parameter vector <c>θ = (a, w_1, …, w_d)</c>. ReLU'(0) = 0 as in PyTorch.
/// </summary>
internal static class SingleNeuronModel
{
    /// <summary>The objective at θ = (a, w).</summary>
    public static double Loss(SingleNeuronData data, ReadOnlySpan<double> theta)
    {
        int d = data.Dimension;
        double a = theta[0];
        double[] x = data.X;
        double[] y = data.Y;
        double sum = 0;
        for (int i = 0, row = 0; i < data.Samples; i++, row += d)
        {
            double z = 0;
            for (int j = 0; j < d; j++)
            {
                z += theta[j + 1] * x[row + j];
            }

            double r = (a * (z > 0 ? z : 0)) - y[i];
            sum += r * r;
        }

        return sum / (2.0 * data.Samples);
    }

    /// <summary>
    /// The objective at θ and its gradient written into <paramref name="gradient"/>; entries of w whose
    /// <paramref name="mask"/> is false get gradient 0 (pruned weights are fixed at 0), a is never masked.
    /// Masked inputs are skipped entirely, which is exact when their weights are 0.
    /// </summary>
    public static double LossAndGradient(SingleNeuronData data, ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<bool> mask)
    {
        int d = data.Dimension;
        Span<int> active = stackalloc int[d];
        int k = 0;
        for (int j = 0; j < d; j++)
        {
            if (mask[j])
            {
                active[k++] = j;
            }
        }

        active = active[..k];
        Span<double> w = stackalloc double[k];
        Span<double> gw = stackalloc double[k];
        for (int m = 0; m < k; m++)
        {
            w[m] = theta[active[m] + 1];
        }

        double a = theta[0];
        double[] x = data.X;
        double[] y = data.Y;
        double sum = 0, ga = 0;
        for (int i = 0, row = 0; i < data.Samples; i++, row += d)
        {
            double z = 0;
            for (int m = 0; m < w.Length; m++)
            {
                z += w[m] * x[row + active[m]];
            }

            if (z > 0)
            {
                double r = (a * z) - y[i];
                sum += r * r;
                ga += r * z;
                double coefficient = r * a;
                for (int m = 0; m < gw.Length; m++)
                {
                    gw[m] += coefficient * x[row + active[m]];
                }
            }
            else
            {
                sum += y[i] * y[i];
            }
        }

        double invN = 1.0 / data.Samples;
        gradient.Clear();
        gradient[0] = ga * invN;
        for (int m = 0; m < k; m++)
        {
            gradient[active[m] + 1] = gw[m] * invN;
        }

        return sum * invN * 0.5;
    }
}
