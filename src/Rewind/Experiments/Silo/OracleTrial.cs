namespace Rewind.Experiments.Silo;

/// <summary>One Oracle trial: a level trained at one grid peak, continuing from the level before's chosen trial.</summary>
/// <param name="Level">The level m the trial trains.</param>
/// <param name="Peak">The grid value it uses as the level's peak.</param>
/// <param name="ValidationAccuracy">Validation accuracy at the end of the level (what the Oracle chooses by).</param>
/// <param name="TestAccuracy">Test accuracy at the end of the level.</param>
/// <param name="EarlyStopTestAccuracy">Test accuracy at the epoch with the best validation accuracy.</param>
/// <param name="Directory">The trial's run directory.</param>
public sealed record OracleTrial(int Level, double Peak, double ValidationAccuracy, double TestAccuracy, double EarlyStopTestAccuracy, string Directory);
