namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// A training set for the single-neuron task: <c>x ~ N(0, I/d)</c>, <c>y = ReLU(x_1) + ζ</c>, <c>ζ ~ N(0, σ²)</c>
/// (Paper A §2, ALGORITHMS.md §5.10). Inputs are stored row-major (<c>X[i·d + j]</c>).
/// </summary>
internal sealed class SingleNeuronData
{
    private SingleNeuronData(int dimension, int samples, double noiseVariance, double[] x, double[] y)
    {
        Dimension = dimension;
        Samples = samples;
        NoiseVariance = noiseVariance;
        X = x;
        Y = y;
        double sum = 0;
        foreach (double v in y)
        {
            sum += v * v;
        }

        ZeroPredictorLoss = sum / (2.0 * samples);
    }

    /// <summary>Input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Number of samples n.</summary>
    public int Samples { get; }

    /// <summary>Label noise variance σ².</summary>
    public double NoiseVariance { get; }

    /// <summary>Inputs, row-major n × d.</summary>
    public double[] X { get; }

    /// <summary>Noisy labels.</summary>
    public double[] Y { get; }

    /// <summary>The objective of the constant-zero predictor, (1/2n)Σ y_i²: where every failure mode of the neuron ends.</summary>
    public double ZeroPredictorLoss { get; }

    /// <summary>Draws n samples: each input coordinate N(0, 1/d), then the noise N(0, σ²), sample by sample.</summary>
    public static SingleNeuronData Generate(int dimension, int samples, double noiseVariance, SplitMixRandom random)
    {
        var x = new double[samples * dimension];
        var y = new double[samples];
        double inputSd = 1.0 / Math.Sqrt(dimension);
        double noiseSd = Math.Sqrt(noiseVariance);
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                x[(i * dimension) + j] = inputSd * random.NextGaussian();
            }

            y[i] = Math.Max(x[i * dimension], 0.0) + (noiseSd * random.NextGaussian());
        }

        return new SingleNeuronData(dimension, samples, noiseVariance, x, y);
    }

    /// <summary>Wraps given inputs and labels (tests).</summary>
    public static SingleNeuronData FromArrays(int dimension, double[] x, double[] y, double noiseVariance)
    {
        if (x.Length != y.Length * dimension)
        {
            throw new ArgumentException($"x has {x.Length} values; expected {y.Length} samples × {dimension}.", nameof(x));
        }

        return new SingleNeuronData(dimension, y.Length, noiseVariance, x, y);
    }
}
