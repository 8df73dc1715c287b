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
/// A non-finite training loss stops the level with a <see cref="TrainingDivergedException"/> within the epoch it
/// appears (checked every <see cref="DivergenceCheckInterval"/> steps and at every epoch boundary, before evaluating).
/// </summary>
public sealed class Trainer(Dataset data, int batchSize, int evalBatchSize, int seed)
{
    /// <summary>Optimizer steps in one epoch of the training set.</summary>
    public long StepsPerEpoch { get; } = Batches.BatchesPerEpoch(data.TrainCount, batchSize);

    /// <summary>How often (in steps) the running training loss is checked for NaN/infinity between epoch boundaries.</summary>
    public const int DivergenceCheckInterval = 100;

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
        var finiteSteps = zeros(1, ScalarType.Int64).DetachFromDisposeScope(); // steps of this epoch before the loss sum went non-finite
        long seen = 0, sumsFrom = startStep;
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
                    using (Scalar batch = y.shape[0])
                    {
                        lossSum.add_(loss.detach(), batch); // float32 loss accumulated in float64, one op
                        correctSum.add_(logits.argmax(1).eq(y).sum(), Scalars.One);
                        finiteSteps.add_(lossSum.isfinite(), Scalars.One); // a loss sum never returns to finite once NaN/inf
                    }
                    seen += y.shape[0];
                }
                long done = step + 1;
                observer.OnStep(plan.Level, done, lr);
                afterStep?.Invoke(done);
                bool boundary = done % spe == 0 || done == plan.TotalSteps;
                if (boundary || (done - sumsFrom) % DivergenceCheckInterval == 0)
                    CheckFinite(plan, lossSum, finiteSteps, sumsFrom, spe, boundary ? model : null, done);
                if (boundary)
                {
                    // Through the dataset, so a streamed set (decoded from disk batch by batch) is evaluated the same way.
                    var (testLoss, testAcc) = Evaluator.Evaluate(model, data, DataSplit.Test, evalBatchSize);
                    var (validationLoss, validationAcc) = data.ValidationCount > 0
                        ? Evaluator.Evaluate(model, data, DataSplit.Validation, evalBatchSize)
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
                    finiteSteps.zero_();
                    seen = 0;
                    sumsFrom = done;
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
            finiteSteps.Dispose();
        }
    }

    /// <summary>
    /// Throws <see cref="TrainingDivergedException"/> when the loss summed since step <paramref name="sumsFrom"/> is NaN
    /// or infinite, or (at an epoch boundary, <paramref name="model"/> given) when a parameter is.
    /// </summary>
    private static void CheckFinite(LevelPlan plan, Tensor lossSum, Tensor finiteSteps, long sumsFrom, long stepsPerEpoch,
        nn.Module? model, long done)
    {
        long step;
        if (!double.IsFinite(lossSum.item<double>())) step = sumsFrom + finiteSteps.item<long>() + 1;
        else if (model is not null && !ParametersFinite(model)) step = done; // the last update overflowed
        else return;
        throw new TrainingDivergedException(plan.Level, step, (int)((step - 1) / stepsPerEpoch) + 1, plan.LearningRate(step - 1), sumsFrom);
    }

    private static bool ParametersFinite(nn.Module model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
            if (!p.isfinite().all().item<bool>()) return false;
        return true;
    }
}
