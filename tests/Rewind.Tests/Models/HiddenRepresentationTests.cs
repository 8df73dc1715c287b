using Rewind.Analysis;
using Rewind.Data;
using Rewind.Models;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Tests.Models;

/// <summary>
/// E_AA (the mean squared input of every prunable layer, Paper B §6.5) is measured through forward pre-hooks, which
/// TorchSharp runs only for modules invoked with <c>call</c>: every family must call its layers that way.
/// </summary>
public sealed class HiddenRepresentationTests
{
    [Theory]
    [InlineData("conv-8-16")]
    [InlineData("resnet-20")]
    [InlineData("resnet-20-b")]
    public void Every_prunable_layer_of_a_conv_net_reports_a_finite_input_mean_square(string name)
    {
        // One probe batch holding the whole (permuted) training set, so the first layer's E_AA is the data's mean square.
        using var data = SyntheticData.Images(seed: 3, trainCount: 16, testCount: 4, channels: 3, size: 16, classes: 4);
        using var state = NewState(name, data);

        var stats = NetworkProbe.Measure(state, data, batchSize: 16, seed: 3, level: 0, firstEpochWeightChange: null);

        Assert.Equal(state.Prunable.Count, stats.Layers.Count);
        Assert.All(stats.Layers, l => Assert.True(double.IsFinite(l.InputMeanSquare) && l.InputMeanSquare > 0,
            $"{name} {l.Name}: E_AA = {l.InputMeanSquare}"));
        Assert.True(double.IsFinite(stats.ActivationMeanSquare), $"{name}: E_AA = {stats.ActivationMeanSquare}");
        using var square = data.TrainInputs.to(ScalarType.Float64).square().mean();
        Assert.Equal(square.item<double>(), stats.Layers[0].InputMeanSquare, 1e-9);
    }

    internal static TrainingState NewState(string name, Dataset data)
    {
        var model = ModelCatalog.Create(name, data.InputShape, data.NumClasses, seed: 1);
        var prunable = Prunable.Of(model);
        var optimizer = Optimizers.Create(new OptimizerSpec { Name = "sgd", Lr = 0.01 }, model);
        return new TrainingState(model, prunable, MaskSet.AllOnes(prunable), optimizer);
    }
}
