namespace Rewind.Training;

/// <summary>How long each level trains and on what batches.</summary>
public sealed record TrainingSpec
{
    [Help("Training length of every level, e.g. \"10ep\" or \"5000it\".")]
    public Duration Duration { get; init; } = Duration.FromEpochs(10);

    [Help("A dense warm-up phase before level 0's training (Paper A Table 1: 50 epochs on CIFAR-10): the learning rate ramps linearly to the peak, once per epoch (lr = η·(e+1)/W) when schedule.per_epoch, else per step; level 0 trains for dense_warmup + duration, and pruning.rewind_to usually names the end of the warm-up (e.g. \"50ep\").")]
    public Duration DenseWarmup { get; init; } = Duration.Zero;

    [Help("Mini-batch size.")]
    [Range(1, 1 << 20)]
    public int BatchSize { get; init; } = 128;

    [Help("Batch size used for evaluation only (does not change results).")]
    [Range(1, 1 << 20)]
    public int EvalBatchSize { get; init; } = 2000;

    [Help("When the training loss becomes NaN or infinite: stop (exit 2 naming the level, step and learning rate) or " +
          "record (mark the level diverged, keep its last finite epoch boundary as its end state, and go on).")]
    [Choices("stop", "record")]
    public string OnDivergence { get; init; } = "stop";
}
