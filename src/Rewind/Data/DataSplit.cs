namespace Rewind.Data;

/// <summary>One of the three parts of a <see cref="Dataset"/>.</summary>
public enum DataSplit
{
    /// <summary>The examples trained on.</summary>
    Train,

    /// <summary>Training examples held out for model selection (<see cref="Dataset.HoldOut"/>).</summary>
    Validation,

    /// <summary>The official evaluation examples.</summary>
    Test,
}
