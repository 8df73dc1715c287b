namespace Rewind.Training;

/// <summary>How long each level trains and on what batches.</summary>
public sealed record TrainingSpec
{
    [Help("Training length of every level, e.g. \"10ep\" or \"5000it\".")]
    public Duration Duration { get; init; } = Duration.FromEpochs(10);

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
