using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Models;

/// <summary>Convolutional models through the pruning loop: BN rewinding and a whole run on generated images.</summary>
public sealed class ConvNetPruningTests
{
    private sealed class Silent : ITrainingObserver;

    [Fact]
    public void With_bn_rewinding_a_pruned_lrr_level_starts_from_the_rewind_point_bn_state_and_the_trained_conv_weights()
    {
        using var tmp = new TempDir();
        using var data = SyntheticData.Images(seed: 1, trainCount: 256, testCount: 32, channels: 3, size: 16, classes: 4);
        var spec = new RunSpec
        {
            Seed = 1,
            Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9 },
            Training = new TrainingSpec { BatchSize = 32 },
            Pruning = new PruningSpec { Strategy = "lrr", Levels = 1, Rate = 0.2, RewindBatchNorm = true },
        };
        var model = ModelCatalog.Create("conv-8-16", data.InputShape, data.NumClasses, spec.Seed);
        var prunable = Prunable.Of(model);
        using var state = new TrainingState(model, prunable, MaskSet.AllOnes(prunable), Optimizers.Create(spec.Optimizer, model));
        var trainer = new Trainer(data, 32, 32, spec.Seed);
        string rewindPath = tmp["rewind.safetensors"];
        trainer.TrainLevel(state, new LevelPlan(0, 1.0, 16, trainer.StepsPerEpoch, new ConstantSchedule(), 0.05), 0, [], new Silent(),
            afterStep: done => { if (done == 3) SnapshotFile.Save(rewindPath, state); });
        var end = state.ModelTensors().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        var bnNames = Prunable.BatchNormStateNames(model);
        var rewind = new RewindContext(() => SnapshotFile.Load(rewindPath), () => SnapshotFile.Load(rewindPath));

        LevelStart.Prepare(state, StrategyCatalog.Create("lrr"), rewind, spec, level: 1, density: 0.8, data);

        using var point = SnapshotFile.Load(rewindPath);
        var live = state.ModelTensors();
        Assert.Equal(10, bnNames.Count); // bn1 and bn2: γ, β, running mean, running variance, batches tracked
        foreach (var name in bnNames)
        {
            Assert.True(Data.Same.Tensors(point.Model[name], live[name]), $"{name} is not the rewind-point value");
            Assert.False(Data.Same.Tensors(end[name], point.Model[name]), $"{name} did not change in training: the test proves nothing");
        }
        foreach (var p in state.Prunable)
        {
            using var expected = end[p.Name].mul(state.Mask[p.Name]);
            Assert.True(Data.Same.Tensors(expected, live[p.Name]), $"{p.Name} does not keep its trained (LRR) values");
            Assert.False(Data.Same.Tensors(point.Model[p.Name], live[p.Name]), $"{p.Name} was rewound");
        }
        Assert.Equal(0.8, state.Mask.Density, 2);
        foreach (var t in end.Values) t.Dispose();
    }

    [Fact]
    public void A_small_cnn_prunes_and_retrains_one_level_on_generated_images_with_augmentation_well_above_chance()
    {
        using var tmp = new TempDir();
        var spec = RunValidation.Resolve(new RunSpec
        {
            Name = "conv-smoke",
            Seed = 2,
            Threads = 1,
            Data = new DataSpec { Name = "synthetic-images", TrainSubset = 512, TestSubset = 256 },
            Model = new ModelSpec { Name = "conv-8-16" },
            Training = new TrainingSpec { Duration = Duration.FromEpochs(3), BatchSize = 64 },
            Optimizer = new OptimizerSpec { Name = "sgd", Lr = 0.05, Momentum = 0.9 },
            Pruning = new PruningSpec { Strategy = "lrr", Levels = 1, Rate = 0.5, RewindBatchNorm = true },
        });

        var summaries = TestRuns.Execute(RunStore.Create(tmp["run"], spec), new Silent());

        Assert.Equal(2, summaries.Count);
        Assert.Equal(0.5, summaries[1].Density, 3);
        Assert.Equal(216 + 1_152 + 10_240, summaries[1].PrunableWeights); // conv1 3·8·9, conv2 8·16·9, fc 16·8·8·10
        Assert.All(summaries, s => Assert.True(s.TestAccuracy > 0.5, $"level {s.Level}: test accuracy {s.TestAccuracy:P1} (chance 10%)"));
    }

    [Fact]
    public void A_convolutional_model_on_feature_vectors_is_rejected_before_anything_runs()
    {
        var spec = new RunSpec { Data = new DataSpec { Name = "synthetic" }, Model = new ModelSpec { Name = "resnet-20" } };

        var e = Assert.Throws<RewindUserException>(() => RunValidation.Resolve(spec));

        Assert.Contains("model.name", e.Message);
        Assert.Contains("synthetic-images", e.Message);
    }

    private sealed class SilentObserver : ITrainingObserver;
}
