using Rewind.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>The mutable state one level trains: the model, its prunable tensors, the current mask and the optimizer.</summary>
public sealed class TrainingState(nn.Module<Tensor, Tensor> model, IReadOnlyList<PrunableTensor> prunable, MaskSet mask, IOptimizer optimizer) : IDisposable
{
    /// <summary>The network.</summary>
    public nn.Module<Tensor, Tensor> Model { get; } = model;

    /// <summary>The tensors pruning thins.</summary>
    public IReadOnlyList<PrunableTensor> Prunable { get; } = prunable;

    /// <summary>The current mask (replaced between levels).</summary>
    public MaskSet Mask { get; set; } = mask;

    /// <summary>The optimizer (its state is kept, restored or reset between levels by the strategy).</summary>
    public IOptimizer Optimizer { get; } = optimizer;

    /// <summary>Model parameters and buffers by name (live tensors).</summary>
    public IReadOnlyDictionary<string, Tensor> ModelTensors()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (n, p) in Model.named_parameters()) d[n] = p;
        foreach (var (n, b) in Model.named_buffers()) d[n] = b;
        return d;
    }

    /// <summary>Copies saved tensors into the live model (names must match), under no_grad.</summary>
    public void LoadModel(IReadOnlyDictionary<string, Tensor> source, Func<string, bool>? include = null)
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in ModelTensors())
        {
            if (include is not null && !include(name)) continue;
            if (!source.TryGetValue(name, out var src))
                throw new InvalidOperationException($"snapshot lacks model tensor '{name}'");
            t.copy_(src);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Optimizer.Dispose();
        Mask.Dispose();
        Model.Dispose();
    }
}
