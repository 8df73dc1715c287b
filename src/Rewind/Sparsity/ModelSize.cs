using Rewind.Models;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// How big a catalog model is for a given input: all parameters (weights and biases, BN/LayerNorm affine parameters,
/// class token and position embedding; not BN running statistics) and the prunable weights among them (<see cref="Prunable.Rule"/>).
/// </summary>
/// <param name="Total">Every parameter.</param>
/// <param name="Prunable">The weights pruning may thin (the denominator of density).</param>
/// <param name="PrunableTensors">How many tensors those weights are spread over.</param>
public sealed record ModelSize(long Total, long Prunable, int PrunableTensors)
{
    /// <summary>Counts model <paramref name="name"/> for examples of shape <paramref name="inputShape"/> and
    /// <paramref name="classes"/> outputs, built on the meta device (no memory, no initialisation).</summary>
    /// <exception cref="RewindUserException">An unknown name or an input the model cannot take (as <see cref="ModelCatalog.Create"/>).</exception>
    public static ModelSize Of(string name, long[] inputShape, int classes)
    {
        using var model = ModelCatalog.Build(name, inputShape, classes, META);
        var prunable = Sparsity.Prunable.Of(model);
        return new ModelSize(model.parameters().Sum(p => p.numel()), prunable.Sum(p => p.Count), prunable.Count);
    }
}
