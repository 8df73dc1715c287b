using System.Diagnostics;
using Rewind.Data;
using Rewind.Models;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Bench;

/// <summary>
/// Training-step time of the vision models on CIFAR-shaped batches, through Rewind's own trainer (batch gather,
/// crop+flip augmentation, forward, loss, backward, SGD with momentum, mask re-application).
/// </summary>
public static class VisionSteps
{
    /// <summary>Forward multiply-accumulates per 3×32×32 image, counted by hand (convolutions and fc). A training step
    /// costs about 3× the forward pass, 2 FLOP per MAC.</summary>
    public static IReadOnlyDictionary<string, double> ForwardMacs { get; } = new Dictionary<string, double>
    {
        ["conv-16-32"] = 32 * 32 * 16 * 27 + 16 * 16 * 32 * 144 + 2048 * 10,   // 1.62 M
        ["resnet-20"] = 40_551_040,
        ["resnet-18"] = 555_422_720,
        ["vgg-19"] = 398_136_320,
    };

    /// <summary>Median seconds per step over <paramref name="steps"/> steps after <paramref name="warmup"/> discarded ones.</summary>
    public static double StepSeconds(string model, int threads, int batch = 128, int warmup = 3, int steps = 7)
    {
        set_num_threads(threads);
        int total = warmup + steps;
        using var data = SyntheticData.Images(seed: 0, trainCount: batch * total, testCount: 0);
        var net = ModelCatalog.Create(model, data.InputShape, data.NumClasses, seed: 0);
        var prunable = Prunable.Of(net);
        var optimizer = Optimizers.Create(new OptimizerSpec { Name = "sgd", Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4 }, net);
        using var state = new TrainingState(net, prunable, MaskSet.AllOnes(prunable), optimizer);
        var trainer = new Trainer(data, batch, batch, seed: 0);
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        var plan = new LevelPlan(0, 1.0, total, trainer.StepsPerEpoch, new ConstantSchedule(), 0.01);
        trainer.TrainLevel(state, plan, 0, [], new Silent(), afterStep: done =>
        {
            if (done > warmup) times.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        });
        times.Sort();
        return times[times.Count / 2];
    }

    private sealed class Silent : ITrainingObserver;
}
