using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

public sealed class SyntheticDataTests
{
    [Fact]
    public void Same_seed_gives_identical_tensors()
    {
        using Dataset a = SyntheticData.Classification(seed: 11);
        using Dataset b = SyntheticData.Classification(seed: 11);

        Assert.True(Same.Tensors(a.TrainInputs, b.TrainInputs));
        Assert.True(Same.Tensors(a.TrainLabels, b.TrainLabels));
        Assert.True(Same.Tensors(a.TestInputs, b.TestInputs));
        Assert.True(Same.Tensors(a.TestLabels, b.TestLabels));
    }

    [Fact]
    public void Different_seeds_give_different_inputs_and_labels()
    {
        using Dataset a = SyntheticData.Classification(seed: 1);
        using Dataset b = SyntheticData.Classification(seed: 2);

        Assert.False(Same.Tensors(a.TrainInputs, b.TrainInputs));
        Assert.False(Same.Tensors(a.TrainLabels, b.TrainLabels));
    }

    [Fact]
    public void Classification_has_the_requested_shapes_and_types()
    {
        using Dataset ds = SyntheticData.Classification(seed: 0, trainCount: 300, testCount: 100, features: 8, classes: 3);

        Assert.Equal([300L, 8], ds.TrainInputs.shape);
        Assert.Equal([100L, 8], ds.TestInputs.shape);
        Assert.Equal([8L], ds.InputShape);
        Assert.Equal(3, ds.NumClasses);
        Assert.Equal(ScalarType.Float32, ds.TrainInputs.dtype);
        Assert.Equal(ScalarType.Int64, ds.TrainLabels.dtype);
        Assert.InRange(ds.TrainLabels.min().item<long>(), 0, 2);
        Assert.InRange(ds.TrainLabels.max().item<long>(), 0, 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Classes_are_reasonably_balanced(int seed)
    {
        using Dataset ds = SyntheticData.Classification(seed);

        long[] counts = ds.TrainLabels.bincount(null, ds.NumClasses).data<long>().ToArray();

        double share = 1.0 / ds.NumClasses;
        Assert.All(counts, c => Assert.InRange(c / (double)ds.TrainCount, share / 2, share * 1.5));
    }

    [Fact]
    public void A_small_mlp_learns_the_task_well_above_chance_in_two_epochs()
    {
        using Dataset ds = SyntheticData.Classification(seed: 3);
        torch.manual_seed(3);
        using var model = torch.nn.Sequential(
            ("fc1", torch.nn.Linear(32, 64)), ("relu", torch.nn.ReLU()), ("fc2", torch.nn.Linear(64, ds.NumClasses)));
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);

        for (int epoch = 0; epoch < 2; epoch++)
        {
            using Tensor perm = Batches.EpochPermutation(ds.TrainCount, seed: 3, level: 0, epoch);
            for (long b = 0; b < Batches.BatchesPerEpoch(ds.TrainCount, 64); b++)
            {
                using var scope = torch.NewDisposeScope();
                var (x, y) = Batches.Take(ds, perm, b, 64);
                optimizer.zero_grad();
                var loss = torch.nn.functional.cross_entropy(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
        }

        using var eval = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        double accuracy = model.forward(ds.TestInputs).argmax(1).eq(ds.TestLabels).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.7, $"test accuracy {accuracy:F3} (chance 0.25)");
    }

    [Fact]
    public void Teacher_neuron_targets_are_relu_of_the_first_coordinate_plus_noise()
    {
        var (x, y) = SyntheticData.TeacherNeuron(seed: 4, n: 4000, d: 16, noiseStd: 0.0);
        using (x)
        using (y)
        {
            Assert.Equal([4000L, 16], x.shape);
            Assert.Equal([4000L, 1], y.shape);
            using var expected = torch.nn.functional.relu(x.narrow(1, 0, 1));
            Assert.True(y.allclose(expected));
            // x ~ N(0, I/d): per-coordinate variance 1/16.
            double variance = x.var().item<float>();
            Assert.InRange(variance, 0.9 / 16, 1.1 / 16);
        }
    }

    [Fact]
    public void Teacher_neuron_is_deterministic_for_a_seed_and_noise_has_the_requested_scale()
    {
        var (x1, y1) = SyntheticData.TeacherNeuron(seed: 9, n: 5000, d: 8, noiseStd: 0.5);
        var (x2, y2) = SyntheticData.TeacherNeuron(seed: 9, n: 5000, d: 8, noiseStd: 0.5);
        var (x3, y3) = SyntheticData.TeacherNeuron(seed: 10, n: 5000, d: 8, noiseStd: 0.5);
        using var scope = torch.NewDisposeScope();

        Assert.True(Same.Tensors(x1, x2) && Same.Tensors(y1, y2));
        Assert.False(Same.Tensors(x1, x3));
        double noiseStd = (y1 - torch.nn.functional.relu(x1.narrow(1, 0, 1))).std().item<float>();
        Assert.InRange(noiseStd, 0.47, 0.53);
    }
}
