namespace Rewind.Experiments.SingleNeuron;

/// <summary>The few dense-vector operations both L-BFGS implementations need, on plain double arrays.</summary>
internal static class VectorOps
{
    /// <summary>Σ a_j·b_j.</summary>
    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>y ← y + α·x.</summary>
    public static void Axpy(double alpha, double[] x, double[] y)
    {
        for (int j = 0; j < y.Length; j++) y[j] += alpha * x[j];
    }

    /// <summary>x ← α·x.</summary>
    public static void Scale(double alpha, double[] x)
    {
        for (int j = 0; j < x.Length; j++) x[j] *= alpha;
    }

    /// <summary>max_j |v_j|.</summary>
    public static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }

    /// <summary>Σ |v_j|.</summary>
    public static double SumAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m += Math.Abs(e);
        return m;
    }
}
