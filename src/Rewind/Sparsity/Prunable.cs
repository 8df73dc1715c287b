using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// Which tensors count for sparsity (ALGORITHMS.md §0.1). Default, as Paper A: the weight of every Linear and Conv
/// layer, first and last included; no biases, no normalisation parameters. Self-attention follows the same rule: its
/// packed query/key/value projection (<c>in_proj_weight</c>, a linear map) and its output projection are prunable,
/// LayerNorm, the class token and the position embedding are not. <c>keepOutputDense</c> leaves the last such layer
/// (the classifier) dense, as open_lth's <c>pruning_layers_to_ignore</c> allows.
/// </summary>
public static class Prunable
{
    /// <summary>The prunable weights of <paramref name="model"/> in PyTorch's module order (depth-first, so for nested
    /// models such as ResNets the classifier comes last; see <see cref="Models.ModuleOrder"/>).</summary>
    public static IReadOnlyList<PrunableTensor> Of(nn.Module model, bool keepOutputDense = false)
    {
        var found = new List<PrunableTensor>();
        foreach (var (name, module) in Models.ModuleOrder.DepthFirst(model))
        {
            string prefix = string.IsNullOrEmpty(name) ? "" : name + ".";
            if (module is Models.MultiheadSelfAttention attention)
            {
                found.Add(new PrunableTensor(prefix + "in_proj_weight", attention.InProjWeight));
                continue; // its out_proj is a Linear child, found next
            }
            Parameter? w = module switch
            {
                Linear l => l.weight,
                Conv1d c => c.weight,
                Conv2d c => c.weight,
                Conv3d c => c.weight,
                _ => null,
            };
            if (w is not null) found.Add(new PrunableTensor(prefix + "weight", w));
        }
        if (keepOutputDense && found.Count > 1) found.RemoveAt(found.Count - 1);
        return found;
    }

    /// <summary>The rule above in one sentence, for listings such as <c>rewind models</c>.</summary>
    public const string Rule =
        "prunable = the weight of every Conv and Linear layer (first and last included) and of attention's q/k/v and output " +
        "projections; not biases, BatchNorm/LayerNorm, class tokens or position embeddings";

    /// <summary>True for parameters and buffers that belong to a batch-normalisation layer (for BN rewinding).</summary>
    public static IReadOnlySet<string> BatchNormStateNames(nn.Module model)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not BatchNorm) continue;
            foreach (var (p, _) in module.named_parameters()) names.Add($"{name}.{p}");
            foreach (var (b, _) in module.named_buffers()) names.Add($"{name}.{b}");
        }
        return names;
    }
}
