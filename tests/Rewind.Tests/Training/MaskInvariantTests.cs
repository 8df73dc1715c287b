using Rewind.Data;
using Rewind.Models;
using Rewind.Schedules;
using Rewind.Sparsity;
using Rewind.Sparsity.Scorers;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Training;

/// <summary>
/// After every optimizer step a pruned weight is exactly 0.0, its gradient is 0 and its optimizer state is 0 —
/// including state accumulated before the weight was pruned (LRR keeps the optimizer across levels).
/// </summary>
public class MaskInvariantTests
{
    [Theory]
    [InlineData("sgd", 0.9, 5e-4, false)]
    [InlineData("sgd", 0.9, 5e-4, true)]
    [InlineData("adam", 0.0, 5e-4, false)]
    [InlineData("rmsprop", 0.5, 5e-4, false)]
    public void Pruned_weights_gradients_and_optimizer_state_stay_exactly_zero(string optimizer, double momentum, double wd, bool nesterov)
    {
        using var data = SyntheticData.Classification(seed: 1, trainCount: 256, testCount: 64);
        var model = ModelCatalog.Create("fc-16x2", data.InputShape, data.NumClasses, seed: 1);
        var prunable = Prunable.Of(model);
        var opt = Optimizers.Create(new OptimizerSpec { Name = optimizer, Lr = 0.05, Momentum = momentum, RmspropMomentum = momentum, WeightDecay = wd, Nesterov = nesterov }, model);
        using var state = new TrainingState(model, prunable, MaskSet.AllOnes(prunable), opt);
        var trainer = new Trainer(data, batchSize: 32, evalBatchSize: 64, seed: 1);
        var plan = new LevelPlan(0, 1.0, 16, trainer.StepsPerEpoch, new ConstantSchedule(), 0.05);
        trainer.TrainLevel(state, plan, 0, [], new CheckNothing());

        // Prune 60% by magnitude; the optimizer state accumulated while dense must be cleared for pruned entries.
        var scores = new MagnitudeScorer("global-magnitude", PruningScope.Global).Score(new ScoringContext(model, prunable, state.Mask, 0));
        var next = Pruner.Prune(scores, state.Mask, 0.4, PruningScope.Global);
        state.Mask.Dispose();
        state.Mask = next;
        state.Mask.ApplyTo(prunable);
        state.Optimizer.ApplyMask(state.Mask, prunable);

        var check = new CheckEveryStep(state);
        trainer.TrainLevel(state, plan with { Level = 1 }, 0, [], check);
        Assert.Equal(16, check.Checked);
    }

    private sealed class CheckNothing : ITrainingObserver;
}
