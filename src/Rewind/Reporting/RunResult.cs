
namespace Rewind.Reporting;

/// <summary>The levels one finished (or partly finished) run reached, tagged with its strategy and seed.</summary>
/// <param name="Strategy">Strategy label shown in tables and legends, e.g. <c>imp</c>, <c>wr</c>, <c>lrr</c>.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="RunStore">Where the run lives (named in error messages and reports).</param>
/// <param name="Levels">The run's level summaries, usually read from its <c>metrics.csv</c>.</param>
public sealed record RunResult(string Strategy, int Seed, string RunStore, IReadOnlyList<LevelSummary> Levels);
