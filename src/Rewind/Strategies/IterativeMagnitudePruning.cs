using Rewind.Training;

namespace Rewind.Strategies;

/// <summary>
/// IMP, the lottery-ticket procedure (Frankle &amp; Carbin 2019; ALGORITHMS.md §2): every remaining weight (and
/// every bias) returns to its value at initialisation θ(0); the optimizer starts fresh; the LR schedule restarts.
/// </summary>
public sealed class IterativeMagnitudePruning : IRewindStrategy
{
    /// <inheritdoc/>
    public string Name => "imp";

    /// <inheritdoc/>
    public void PrepareLevel(TrainingState state, RewindContext rewind)
    {
        using var init = rewind.Init();
        state.LoadModel(init.Model);
        state.Optimizer.Reset();
    }
}
