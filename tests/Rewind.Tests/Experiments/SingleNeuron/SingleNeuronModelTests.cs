using Rewind.Experiments.SingleNeuron;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronModelTests
{
    private static SingleNeuronData Data(int d, int n, double noise, ulong seed = 11) =>
        SingleNeuronData.Generate(d, n, noise, new SplitMixRandom(seed));

    [Fact]
    public void Gradient_matches_central_finite_differences_and_is_zero_on_pruned_inputs()
    {
        var data = Data(4, 300, 0.01);
        double[] theta = [0.7, 0.4, -0.3, 0.2, 0.5];
        bool[] mask = [true, true, false, true];
        theta[3] = 0; // pruned entries are 0
        var g = new double[5];
        SingleNeuronModel.LossAndGradient(data, theta, g, mask);
        const double h = 1e-6;
        foreach (int k in new[] { 0, 1, 2, 4 })
        {
            double[] plus = (double[])theta.Clone(), minus = (double[])theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (SingleNeuronModel.Loss(data, plus) - SingleNeuronModel.Loss(data, minus)) / (2 * h);
            Assert.Equal(numeric, g[k], 1e-8);
        }

        Assert.Equal(0.0, g[3]);
    }

    [Fact]
    public void Loss_and_gradient_report_the_same_objective_as_loss()
    {
        var data = Data(3, 200, 0.01);
        double[] theta = [-0.4, 0.1, 0.9, -0.6];
        var g = new double[4];
        Assert.Equal(SingleNeuronModel.Loss(data, theta), SingleNeuronModel.LossAndGradient(data, theta, g, [true, true, true]), 1e-15);
    }

    [Fact]
    public void Small_step_gradient_descent_conserves_a_squared_minus_w_squared()
    {
        // Gradient flow conserves a² − ‖w‖² (Paper A §2, Du et al. 2018); gradient descent with a tiny step drifts by O(η²).
        var data = Data(5, 1000, 0.01);
        var baseW = new double[] { 0.3, -0.5, 0.2, 0.4, -0.1 };
        double[] theta = SingleNeuronExperiment.BalancedStart(baseW, SingleNeuronSignCase.APositiveW1Positive);
        double Imbalance(double[] t) => (t[0] * t[0]) - t.Skip(1).Sum(v => v * v);
        double before = Imbalance(theta);
        double lossBefore = SingleNeuronModel.Loss(data, theta);
        double[] start = (double[])theta.Clone();
        var (loss, _) = SingleNeuronTrainer.TrainGradientDescent(data, theta, [true, true, true, true, true], steps: 10_000, learningRate: 2e-3);

        Assert.Equal(0.0, before, 1e-15);
        Assert.True(Math.Abs(Imbalance(theta) - before) < 1e-3 * (start[0] * start[0]), $"drift {Imbalance(theta) - before}");
        // Not vacuous: the parameters moved and the objective fell.
        Assert.True(Math.Abs(theta[1] - start[1]) > 0.1, $"w_1 moved only from {start[1]} to {theta[1]}");
        Assert.True(loss < 0.5 * lossBefore, $"objective {lossBefore} → {loss}");
    }

    [Fact]
    public void Balanced_start_realises_each_sign_case_from_one_draw()
    {
        double[] baseW = [-0.3, 0.4, 1.2];
        double norm = Math.Sqrt(baseW.Sum(v => v * v));
        foreach (var signCase in Enum.GetValues<SingleNeuronSignCase>())
        {
            double[] theta = SingleNeuronExperiment.BalancedStart(baseW, signCase);
            bool aPositive = signCase is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.APositiveW1Negative;
            bool w1Positive = signCase is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.ANegativeW1Positive;
            Assert.Equal(aPositive ? norm : -norm, theta[0], 1e-15);
            Assert.Equal(w1Positive ? 0.3 : -0.3, theta[1], 1e-15);
            Assert.Equal([0.4, 1.2], theta[2..]);
            Assert.Equal(theta[0] * theta[0], theta.Skip(1).Sum(v => v * v), 1e-12);
        }
    }

    [Fact]
    public void Data_have_input_variance_one_over_d_and_label_noise_variance_sigma_squared()
    {
        var data = Data(4, 40_000, 0.01, seed: 3);
        double inputVar = data.X.Average(v => v * v);
        Assert.Equal(0.25, inputVar, 0.01);
        var residual = Enumerable.Range(0, data.Samples).Select(i => data.Y[i] - Math.Max(data.X[i * 4], 0)).ToArray();
        Assert.Equal(0.0, residual.Average(), 0.002);
        Assert.Equal(0.01, residual.Average(v => v * v), 0.0005);
        Assert.Equal(data.Y.Average(v => v * v) / 2, data.ZeroPredictorLoss, 1e-12);
    }

    [Fact]
    public void Coordinates_with_zero_gradient_never_move()
    {
        var data = SingleNeuronData.Generate(3, 200, 0.01, new SplitMixRandom(4));
        bool[] mask = [true, false, true];
        foreach (var optimizer in Enum.GetValues<SingleNeuronOptimizer>())
        {
            double[] theta = [0.8, 0.5, 0.7, -0.4];
            SingleNeuronTrainer.Train(data, theta, mask, new SingleNeuronOptions { Optimizer = optimizer, StepsPerLevel = 50 });
            Assert.Equal(0.0, theta[2]);
            Assert.NotEqual(0.5, theta[1]);
        }
    }
}
