using Rewind.Models;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Training;

public class OptimizerTests
{
    private static float[] TrainWith(Func<nn.Module<Tensor, Tensor>, Action<double>> makeStep)
    {
        using var model = ModelCatalog.Create("fc-6x2", [5], 3, seed: 7);
        var step = makeStep(model);
        using var gen = new Generator(11, CPU);
        for (int i = 0; i < 6; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn([16, 5], generator: gen);
            var y = randint(0, 3, [16], generator: gen);
            model.zero_grad();
            nn.functional.cross_entropy(model.forward(x), y).backward();
            step(0.05);
        }
        return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    [Theory]
    [InlineData(0.9, 1e-3, false)]
    [InlineData(0.9, 1e-3, true)]
    [InlineData(0.0, 0.0, false)]
    public void Sgd_matches_torch_optim_sgd(double momentum, double wd, bool nesterov)
    {
        var ours = TrainWith(m =>
        {
            var o = Optimizers.Create(new OptimizerSpec { Name = "sgd", Momentum = momentum, WeightDecay = wd, Nesterov = nesterov }, m);
            return o.Step;
        });
        var theirs = TrainWith(m =>
        {
            var o = optim.SGD(m.parameters(), 0.05, momentum: momentum, weight_decay: wd, nesterov: nesterov);
            return _ => o.step();
        });
        for (int i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i], 5);
    }

    [Fact]
    public void Adam_matches_torch_optim_adam()
    {
        var ours = TrainWith(m =>
        {
            var o = Optimizers.Create(new OptimizerSpec { Name = "adam", WeightDecay = 1e-3 }, m);
            return o.Step;
        });
        var theirs = TrainWith(m =>
        {
            var o = optim.Adam(m.parameters(), 0.05, weight_decay: 1e-3);
            return _ => o.step();
        });
        for (int i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i], 5);
    }

    [Theory]
    [InlineData(0.99, 0.0, 0.0, false)]
    [InlineData(0.9, 1e-3, 0.5, false)]
    [InlineData(0.95, 1e-3, 0.9, true)]
    public void Rmsprop_matches_torch_optim_rmsprop(double alpha, double wd, double momentum, bool centered)
    {
        var ours = TrainWith(m =>
        {
            var o = Optimizers.Create(new OptimizerSpec
            {
                Name = "rmsprop",
                Alpha = alpha,
                WeightDecay = wd,
                RmspropMomentum = momentum,
                Centered = centered,
                Eps = 1e-8,
            }, m);
            return o.Step;
        });
        var theirs = TrainWith(m =>
        {
            var o = optim.RMSProp(m.parameters(), 0.05, alpha: alpha, eps: 1e-8, weight_decay: wd, momentum: momentum, centered: centered);
            return _ => o.step();
        });
        for (int i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i], 5);
    }
}
