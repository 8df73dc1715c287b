namespace Rewind.Pruning;

/// <summary>What <c>rewind prune</c> wrote and found.</summary>
/// <param name="Checkpoint">The checkpoint that was pruned.</param>
/// <param name="Scorer">The criterion used.</param>
/// <param name="MaskPath"><c>mask.safetensors</c>: one 0/1 uint8 tensor per prunable weight, keyed by parameter name.</param>
/// <param name="LayersPath"><c>layers.csv</c>: per-layer weights, remaining weights and density.</param>
/// <param name="Density">Achieved overall density of the prunable weights.</param>
/// <param name="Table">The per-layer table as aligned text, with a total line.</param>
/// <param name="Warnings">Layer-collapse warnings (empty when no layer lost all its weights).</param>
public sealed record OneShotPruneResult(
    string Checkpoint, string Scorer, string MaskPath, string LayersPath, double Density, string Table, IReadOnlyList<string> Warnings);
