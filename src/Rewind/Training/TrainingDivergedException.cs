using System.Globalization;

namespace Rewind.Training;

/// <summary>
/// Thrown by <see cref="Trainer.TrainLevel"/> at the end of the epoch in which the training loss first became NaN or
/// infinite, before that epoch is evaluated or checkpointed: the state at the previous epoch boundary is the last
/// finite one. The level loop turns it into a user error or a level recorded as diverged (<c>training.on_divergence</c>).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the report of a divergence.</summary>
    public TrainingDivergedException(int level, long step, int epoch, double learningRate, long lastFiniteStep)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"training diverged at level {level}, step {step} (epoch {epoch}): the training loss became NaN or infinite at learning rate {learningRate:G6}"))
    {
        Level = level;
        Step = step;
        Epoch = epoch;
        LearningRate = learningRate;
        LastFiniteStep = lastFiniteStep;
    }

    /// <summary>The level being trained.</summary>
    public int Level { get; }

    /// <summary>The 1-based step of the level whose loss was first non-finite.</summary>
    public long Step { get; }

    /// <summary>The 1-based epoch of the level that step belongs to.</summary>
    public int Epoch { get; }

    /// <summary>The learning rate of that step.</summary>
    public double LearningRate { get; }

    /// <summary>Steps done at the last epoch boundary before the divergence (the last finite state; 0 = the level's start).</summary>
    public long LastFiniteStep { get; }
}
