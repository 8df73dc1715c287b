using TorchSharp.Modules;

namespace Rewind.Sparsity;

/// <summary>A weight tensor that pruning may thin: its parameter name (e.g. <c>fc1.weight</c>) and the live parameter.</summary>
public sealed record PrunableTensor(string Name, Parameter Parameter)
{
    /// <summary>Number of scalars in the tensor.</summary>
    public long Count => Parameter.numel();
}
