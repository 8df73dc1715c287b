using Rewind.Data;
using Rewind.Models;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using Rewind.Specs;
using Rewind.Tests.Training;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Tests.Models;

/// <summary>
/// Masks apply to conv, linear and attention weights alike: after every optimizer step of a pruned level a pruned
/// weight is exactly 0, its gradient 0 and its optimizer state 0, in networks with BatchNorm (1-d and 2-d, depthwise
/// convolutions) and with LayerNorm and self-attention — the pattern of <c>Training/MaskInvariantTests</c>.
/// </summary>
public sealed class ModelMaskInvariantTests
{
    private sealed class Silent : ITrainingObserver;

    [Theory]
    [InlineData("vit-tiny", "sgd")]
    [InlineData("vit-tiny", "adam")]
    [InlineData("fc-16x2-bn", "sgd")]
    [InlineData("mobilenet-v2-0.25", "sgd")]
    public void Pruned_weights_their_gradients_and_optimizer_state_stay_exactly_zero(string name, string optimizer)
    {
        using var data = SyntheticData.Images(seed: 1, trainCount: 64, testCount: 16, channels: 3, size: 8, classes: 4);
        var model = ModelCatalog.Create(name, data.InputShape, data.NumClasses, seed: 1);
        var prunable = Prunable.Of(model);
        var opt = Optimizers.Create(new OptimizerSpec { Name = optimizer, Lr = 0.01, Momentum = 0.9, WeightDecay = 5e-4 }, model);
        using var state = new TrainingState(model, prunable, MaskSet.AllOnes(prunable), opt);
        var trainer = new Trainer(data, batchSize: 16, evalBatchSize: 16, seed: 1);
        var plan = new LevelPlan(0, 1.0, 4, trainer.StepsPerEpoch, new ConstantSchedule(), 0.01);
        trainer.TrainLevel(state, plan, 0, [], new Silent());
        var normalisation = model.named_parameters().Where(p => p.name.Contains("ln_", StringComparison.Ordinal) ||
            p.name.Contains("bn", StringComparison.Ordinal) || p.name.EndsWith(".1.weight", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.detach().clone());

        // Prune 60 % per layer by magnitude (every tensor keeps some), then train a level under the mask.
        var scores = new MagnitudeScorer("layer-magnitude", PruningScope.PerLayer).Score(new ScoringContext(model, prunable, state.Mask, 0));
        var next = Pruner.Prune(scores, state.Mask, 0.4, PruningScope.PerLayer);
        state.Mask.Dispose();
        state.Mask = next;
        state.Mask.ApplyTo(prunable);
        state.Optimizer.ApplyMask(state.Mask, prunable);
        var check = new CheckEveryStep(state);
        trainer.TrainLevel(state, plan with { Level = 1 }, 0, [], check);

        Assert.Equal(4, check.Checked);
        Assert.NotEmpty(normalisation);
        var live = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Contains(normalisation, kv => !Data.Same.Tensors(kv.Value, live[kv.Key])); // norms train, unmasked
        foreach (var t in normalisation.Values) t.Dispose();
    }

    /// <summary>Dropout masks come from (seed, level, step) alone: libtorch's global generator (moved here by a draw in
    /// between) plays no part, nor do other tests training concurrently.</summary>
    [Fact]
    public void Dropout_masks_depend_only_on_seed_level_and_step()
    {
        using var data = SyntheticData.Images(seed: 2, trainCount: 32, testCount: 8, channels: 3, size: 8, classes: 4);
        Tensor Train(bool disturb)
        {
            var model = ModelCatalog.Create("mobilenet-v2-0.25", data.InputShape, data.NumClasses, seed: 2);
            var prunable = Prunable.Of(model);
            using var state = new TrainingState(model, prunable, MaskSet.AllOnes(prunable),
                Optimizers.Create(new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9 }, model));
            var trainer = new Trainer(data, batchSize: 16, evalBatchSize: 8, seed: 2);
            if (disturb) rand(1000).Dispose(); // moves the global generator
            trainer.TrainLevel(state, new LevelPlan(0, 1.0, 2, trainer.StepsPerEpoch, new ConstantSchedule(), 0.05), 0, [], new Silent());
            return model.named_parameters().First(p => p.name == "classifier.1.weight").parameter.detach().clone();
        }

        using var a = Train(disturb: false);
        using var b = Train(disturb: true);
        using var c = Train(disturb: false);

        Assert.True(Data.Same.Tensors(a, b));
        Assert.True(Data.Same.Tensors(a, c));
    }

    [Fact]
    public void Attention_projections_patch_embedding_mlp_and_head_are_prunable_and_norms_tokens_embeddings_are_not()
    {
        using var model = ModelCatalog.Build("vit-tiny", [3, 32, 32], 10, META);
        var names = Prunable.Of(model).Select(p => p.Name).ToList();

        Assert.Equal("conv_proj.weight", names[0]);
        Assert.Equal("heads.head.weight", names[^1]);
        Assert.Contains("encoder.layers.encoder_layer_0.self_attention.in_proj_weight", names);
        Assert.Contains("encoder.layers.encoder_layer_5.self_attention.out_proj.weight", names);
        Assert.Contains("encoder.layers.encoder_layer_3.mlp.0.weight", names);
        Assert.Contains("encoder.layers.encoder_layer_3.mlp.3.weight", names);
        Assert.Equal(2 + 6 * 4, names.Count);
        Assert.DoesNotContain(names, n => n.Contains("ln", StringComparison.Ordinal) || n.Contains("bias", StringComparison.Ordinal) ||
            n.Contains("token", StringComparison.Ordinal) || n.Contains("pos_embedding", StringComparison.Ordinal));
        Assert.Equal(model.named_parameters().Select(p => p.name).Where(names.Contains), names); // PyTorch's order
        Assert.Equal(names.Where(n => n != "heads.head.weight"), Prunable.Of(model, keepOutputDense: true).Select(p => p.Name));
    }
}
