using Rewind.Analysis;
using Rewind.Data;
using Rewind.Models;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
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

    /// <summary>The probe itself on every family that is small enough to measure quickly (its arrays are managed copies).</summary>
    [Theory]
    [InlineData("fc-16x2-bn", 3, 8)]
    [InlineData("conv-4", 3, 8)]
    [InlineData("mobilenet-v2-0.25", 3, 8)]
    [InlineData("densenet-40", 3, 8)]
    [InlineData("vit-tiny", 3, 8)]
    [InlineData("vit-tiny", 1, 28)]
    public void Bn_depthwise_dense_and_attention_networks_report_a_finite_input_mean_square_for_every_prunable_layer(string name, int channels, int size)
    {
        using var data = SyntheticData.Images(seed: 4, trainCount: 8, testCount: 2, channels: channels, size: size, classes: 3);
        using var state = NewState(name, data);

        var stats = NetworkProbe.Measure(state, data, batchSize: 8, seed: 4, level: 0, firstEpochWeightChange: null);

        Assert.Equal(state.Prunable.Count, stats.Layers.Count);
        Assert.All(stats.Layers, l => Assert.True(double.IsFinite(l.InputMeanSquare) && l.InputMeanSquare > 0,
            $"{name} {l.Name}: E_AA = {l.InputMeanSquare}"));
        Assert.True(double.IsFinite(stats.ActivationMeanSquare), $"{name}: E_AA = {stats.ActivationMeanSquare}");
    }

    /// <summary>What the probe relies on, for every family: a forward pre-hook on the module owning each prunable weight
    /// (<c>name.weight</c>, or attention's <c>name.in_proj_weight</c>) runs once per forward pass, in training and in
    /// evaluation mode. The same passes check the output shape.</summary>
    [Theory]
    [MemberData(nameof(ModelFamilyTests.SmallModels), MemberType = typeof(ModelFamilyTests))]
    [MemberData(nameof(ModelFamilyTests.EarlierModels), MemberType = typeof(ModelFamilyTests))]
    public void A_forward_pre_hook_on_every_prunable_layer_runs_once_per_forward_and_the_batch_maps_to_finite_logits(string name, int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Create(name, [channels, size, size], 3, seed: 1);
        var prunable = Prunable.Of(model).Select(p => p.Name).ToHashSet();
        var calls = prunable.ToDictionary(n => n, _ => 0);
        var removers = new List<Action>();
        foreach (var (moduleName, module) in model.named_modules())
        {
            string prefix = moduleName.Length == 0 ? "" : moduleName + ".";
            string? owned = prunable.Contains(prefix + "weight") ? prefix + "weight" :
                prunable.Contains(prefix + "in_proj_weight") ? prefix + "in_proj_weight" : null;
            if (owned is null || module is not nn.Module<Tensor, Tensor> layer) continue;
            removers.Add(layer.register_forward_pre_hook((_, input) =>
            {
                calls[owned]++;
                return null!;
            }).remove);
        }

        using var g = new Generator(2);
        var x = randn([3, channels, size, size], generator: g);
        model.train();
        var train = model.call(x);
        model.eval();
        var eval = model.call(x);
        foreach (var remove in removers) remove();

        Assert.Equal(prunable.Count, removers.Count);
        Assert.All(calls, kv => Assert.True(kv.Value == 2, $"{name} {kv.Key}: hook ran {kv.Value} times in two passes"));
        Assert.Equal([3L, 3], train.shape); // and the batch maps to one finite logit per class
        Assert.Equal([3L, 3], eval.shape);
        Assert.True(eval.isfinite().all().item<bool>());
    }

    internal static TrainingState NewState(string name, Dataset data)
    {
        var model = ModelCatalog.Create(name, data.InputShape, data.NumClasses, seed: 1);
        var prunable = Prunable.Of(model);
        var optimizer = Optimizers.Create(new OptimizerSpec { Name = "sgd", Lr = 0.01 }, model);
        return new TrainingState(model, prunable, MaskSet.AllOnes(prunable), optimizer);
    }
}
