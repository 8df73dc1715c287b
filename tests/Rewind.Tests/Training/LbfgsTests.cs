using Rewind.Experiments.SingleNeuron;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Training;

public sealed class LbfgsTests
{
    // f(x) = ½ xᵀ diag(1, 100) x − bᵀx: minimum at (b1, b2/100).
    private static double Quadratic(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = x[0] - 1.0;
        g[1] = (100 * x[1]) + 3.0;
        return (0.5 * x[0] * x[0]) + (50 * x[1] * x[1]) - x[0] + (3.0 * x[1]);
    }

    private static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        double a = 1 - x[0], b = x[1] - (x[0] * x[0]);
        g[0] = (-2 * a) - (400 * x[0] * b);
        g[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }

    [Fact]
    public void Strong_Wolfe_LBFGS_finds_the_minimum_of_an_ill_conditioned_quadratic_and_of_Rosenbrock()
    {
        double[] x = [5.0, 5.0];
        Lbfgs.Minimize(Quadratic, x, maxIterations: 100, history: 10);
        Assert.Equal(1.0, x[0], 1e-8);
        Assert.Equal(-0.03, x[1], 1e-8);

        double[] y = [-1.2, 1.0];
        Lbfgs.Minimize(Rosenbrock, y, maxIterations: 500, history: 10);
        Assert.Equal(1.0, y[0], 1e-6);
        Assert.Equal(1.0, y[1], 1e-6);
    }

    [Fact]
    public void Torch_style_LBFGS_converges_on_Rosenbrock_within_epochs()
    {
        double[] y = [-1.2, 1.0];
        var optimizer = new TorchStyleLbfgs(Rosenbrock, 2);
        for (int epoch = 0; epoch < 100; epoch++)
        {
            optimizer.Step(y);
        }

        Assert.Equal(1.0, y[0], 1e-4);
        Assert.Equal(1.0, y[1], 1e-4);
    }

    [Fact]
    public void Torch_style_LBFGS_reproduces_TorchSharps_LBFGS_step_for_step()
    {
        // TorchSharp's LBFGS is libtorch's C++ port of torch.optim.LBFGS; with PyTorch's defaults set explicitly
        // (TorchSharp's own defaults differ) both must walk the same path on the single-neuron objective.
        const int d = 3, n = 200, epochs = 4;
        var data = SingleNeuronData.Generate(d, n, 0.01, new SplitMixRandom(21));
        double[] theta = [0.6, 0.3, -0.5, 0.2];
        double[] ours = (double[])theta.Clone();
        bool[] mask = [true, true, true];
        var optimizer = new TorchStyleLbfgs((x, g) => SingleNeuronModel.LossAndGradient(data, x, g, mask), theta.Length);
        var oursAfter = new List<double[]>();
        for (int e = 0; e < epochs; e++)
        {
            optimizer.Step(ours);
            oursAfter.Add((double[])ours.Clone());
        }

        using var scope = NewDisposeScope();
        var x = tensor(data.X, [n, d], dtype: float64);
        var y = tensor(data.Y, [n], dtype: float64);
        var a = new TorchSharp.Modules.Parameter(tensor(new[] { theta[0] }, dtype: float64));
        var w = new TorchSharp.Modules.Parameter(tensor(theta[1..], dtype: float64));
        var lbfgs = optim.LBFGS([a, w], lr: 1.0, max_iter: 20, max_eval: 25, tolerange_grad: 1e-7, tolerance_change: 1e-9, history_size: 100);
        for (int e = 0; e < epochs; e++)
        {
            lbfgs.step(() =>
            {
                lbfgs.zero_grad();
                var residual = (a * nn.functional.relu(x.matmul(w))) - y;
                var loss = residual.pow(2).sum() / (2.0 * n);
                loss.backward();
                return loss;
            });
            double[] theirs = [a.data<double>()[0], .. w.data<double>().ToArray()];
            for (int k = 0; k < theirs.Length; k++)
            {
                Assert.Equal(theirs[k], oursAfter[e][k], 1e-9);
            }
        }
    }

    [Fact]
    public void Two_loop_direction_over_pairs_along_the_eigenvectors_of_a_diagonal_quadratic_is_the_Newton_step()
    {
        // f = ½ xᵀ diag(1, 100) x: y = A·s, so pairs along e1 and e2 pin the inverse Hessian exactly whatever hDiag is.
        var pairs = new Lbfgs.History(capacity: 2, dimension: 2);
        pairs.Add([1, 0], [1, 0], ys: 1);
        pairs.Add([0, 1], [0, 100], ys: 100);
        var d = new double[2];
        pairs.Direction([2, 300], hDiag: 0.5, d);
        Assert.Equal(-2.0, d[0], 1e-15);
        Assert.Equal(-3.0, d[1], 1e-15);
    }

    [Fact]
    public void History_drops_the_oldest_pair_when_full_and_forgets_all_on_clear()
    {
        // Capacity 1: only the e2 pair is kept, so along e1 the direction is the initial scale hDiag · (−g).
        var pairs = new Lbfgs.History(capacity: 1, dimension: 2);
        pairs.Add([1, 0], [1, 0], ys: 1);
        pairs.Add([0, 1], [0, 100], ys: 100);
        Assert.Equal(1, pairs.Count);
        var d = new double[2];
        pairs.Direction([2, 300], hDiag: 0.5, d);
        Assert.Equal([-1.0, -3.0], d);

        pairs.Clear();
        pairs.Direction([2, 300], hDiag: 0.5, d);
        Assert.Equal([-1.0, -150.0], d);
    }
}
