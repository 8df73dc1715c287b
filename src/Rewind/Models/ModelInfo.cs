namespace Rewind.Models;

/// <summary>A model family in the catalog: its name pattern and what it is.</summary>
public sealed record ModelInfo(string Name, string Description);
