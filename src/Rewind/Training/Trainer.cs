using System.Diagnostics;
using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// Trains one level: mini-batch steps in a seeded order that depends only on (seed, level, epoch) (augmentation, for
/// datasets that have one, seeded per batch the same way), the learning
/// rate from the level's plan, gradient masking at every step so pruned weights stay exactly 0 with zero gradient and
/// zero optimizer state, and an evaluation on the test set (and the validation set, if the data has one) at every
/// epoch boundary. The loop is closed; callers
/// hook in through <see cref="ITrainingObserver"/> and the two callbacks (checkpointing, rewind snapshots).
/// </summary>
public sealed class Trainer(Dataset data, int batchSize, int evalBatchSize, int seed)
{
    /// <summary>Optimizer steps in one epoch of the training set.</summary>
    public long StepsPerEpoch { get; } = Batches.BatchesPerEpoch(data.TrainCount, batchSize);

    /// <summary>
    /// Runs steps <paramref name="startStep"/>…<c>plan.TotalSteps−1</c>. <paramref name="history"/> holds the epoch
    /// metrics recorded before <paramref name="startStep"/> (from a checkpoint) and is appended to.
    /// <paramref name="afterStep"/> runs after every step with the count of steps done;
    /// <paramref name="atEpochBoundary"/> runs after each epoch's metrics are recorded (checkpoint here).
    /// </summary>
    public void TrainLevel(
        TrainingState state,
        LevelPlan plan,
        long startStep,
        List<EpochMetrics> history,
        ITrainingObserver observer,
        Action<long>? afterStep = null,
        Action<long>? atEpochBoundary = null,
        CancellationToken cancellation = default)
    {
        var model = state.Model;
        model.train();
        long spe = plan.StepsPerEpoch;
        int currentEpoch = -1;
        Tensor? permutation = null;
        var lossSum = zeros(1, ScalarType.Float64).DetachFromDisposeScope();
        var correctSum = zeros(1, ScalarType.Int64).DetachFromDisposeScope();
        long seen = 0;
        var maskedLayers = state.Mask.LayersWithPrunedEntries(); // the mask is fixed during a level
        var clock = Stopwatch.StartNew();
        double lr = 0;
        try
        {
            for (long step = startStep; step < plan.TotalSteps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                int epoch = (int)(step / spe);
                if (epoch != currentEpoch)
                {
                    permutation?.Dispose();
                    permutation = Batches.EpochPermutation(data.TrainCount, seed, plan.Level, epoch).DetachFromDisposeScope();
                    currentEpoch = epoch;
                }
                lr = plan.LearningRate(step);
                using (var scope = NewDisposeScope())
                {
                    var (x, y) = Batches.Take(data, permutation!, step % spe, batchSize, seed, plan.Level, epoch);
                    Models.StochasticLayers.Seed(seed, plan.Level, step); // dropout masks: a function of (seed, level, step)
                    var logits = model.forward(x);
                    var loss = nn.functional.cross_entropy(logits, y);
                    model.zero_grad(set_to_none: true);
                    loss.backward();
                    // Masking the gradient is enough: with pruned weights and their optimizer state at exactly 0
                    // (the loop zeroes both when it prunes), SGD/Nesterov/Adam/RMSprop updates of those entries are exactly 0.
                    // MaskInvariantTests checks this after every step for each optimizer.
                    state.Mask.ApplyToGradients(state.Prunable, maskedLayers);
                    state.Optimizer.Step(lr);
                    using (no_grad())
                    {
                        lossSum.add_(loss.detach(), y.shape[0]); // float32 loss accumulated in float64, one op
                        correctSum.add_(logits.argmax(1).eq(y).sum());
                    }
                    seen += y.shape[0];
                }
                long done = step + 1;
                observer.OnStep(plan.Level, done, lr);
                afterStep?.Invoke(done);
                if (done % spe == 0 || done == plan.TotalSteps)
                {
                    var (testLoss, testAcc) = Evaluator.Evaluate(model, data.TestInputs, data.TestLabels, evalBatchSize);
                    var (validationLoss, validationAcc) = data.ValidationInputs is { } vx
                        ? Evaluator.Evaluate(model, vx, data.ValidationLabels!, evalBatchSize)
                        : (double.NaN, double.NaN); // Evaluate restores train mode itself
                    var m = new EpochMetrics(
                        plan.Level, (int)((done - 1) / spe) + 1, done, lr,
                        lossSum.item<double>() / Math.Max(1, seen),
                        (double)correctSum.item<long>() / Math.Max(1, seen),
                        testLoss, testAcc, clock.Elapsed.TotalSeconds, validationLoss, validationAcc);
                    history.Add(m);
                    observer.OnEpochEnd(m);
                    lossSum.zero_();
                    correctSum.zero_();
                    seen = 0;
                    clock.Restart();
                    atEpochBoundary?.Invoke(done);
                }
            }
        }
        finally
        {
            permutation?.Dispose();
            lossSum.Dispose();
            correctSum.Dispose();
        }
    }
}
