namespace Rewind.Sparsity;

/// <summary>How the pruning budget is spread over layers; orthogonal to the score.</summary>
public enum PruningScope
{
    /// <summary>One threshold over all prunable tensors jointly.</summary>
    Global,
    /// <summary>Every prunable tensor keeps the same fraction.</summary>
    PerLayer,
}
