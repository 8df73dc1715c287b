using System.Globalization;
using Rewind.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>
/// Writes a ticket as one safetensors file for PyTorch and numpy: the model's state dict under the keys of the chosen
/// naming (<see cref="StateDictNames"/>; pruned weights are 0, BN running statistics included), then the masks as
/// <c>mask.&lt;key&gt;</c> (uint8 0/1) and a CSR copy of every pruned weight as <c>csr.&lt;key&gt;.crow_indices</c>,
/// <c>.col_indices</c> (int32) and <c>.values</c> (float32) of the weight viewed as [out, in·kh·kw]. The metadata
/// records the format, model, level, density and each CSR matrix's size. Filter the <c>mask.</c>/<c>csr.</c> keys out
/// before <c>load_state_dict</c>.
/// </summary>
public static class SafeTensorsExporter
{
    /// <summary>Key prefix of the masks.</summary>
    public const string MaskPrefix = "mask.";

    /// <summary>Key prefix of the CSR arrays.</summary>
    public const string CsrPrefix = "csr.";

    /// <summary>Writes <paramref name="model"/>'s state dict, <paramref name="masks"/> and their CSR forms to <paramref name="path"/>.</summary>
    public static void Save(nn.Module<Tensor, Tensor> model, string modelName, IReadOnlyDictionary<string, Tensor> masks, string path,
        StateDictNaming naming = StateDictNaming.Torchvision, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(masks);
        var owned = new List<Tensor>();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            ["producer"] = "rewind",
            ["model"] = modelName,
            ["naming"] = naming == StateDictNaming.OpenLth ? "open_lth" : "torchvision",
            ["layout"] = "state dict; mask.<key> uint8 0/1; csr.<key>.{crow_indices,col_indices} int32, .values float32 of the weight as [out, in*kh*kw]",
        };
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>()) meta[k] = v;
        try
        {
            using var noGrad = no_grad();
            var named = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers()).ToList();
            foreach (var (name, t) in named) tensors.Add(new(StateDictNames.Map(name, modelName, naming), t));
            foreach (var (name, t) in named)
            {
                if (!masks.TryGetValue(name, out var mask)) continue;
                string key = StateDictNames.Map(name, modelName, naming);
                var bytes = mask.to(ScalarType.Byte);
                owned.Add(bytes);
                tensors.Add(new(MaskPrefix + key, bytes));
                using var masked = t.mul(mask);
                var csr = CsrMatrix.FromDense(GraphBuilder.Read(masked));
                var crow = tensor(csr.RowOffsets);
                var col = tensor(csr.ColumnIndices);
                var values = tensor(csr.Values);
                owned.AddRange([crow, col, values]);
                tensors.Add(new(CsrPrefix + key + ".crow_indices", crow));
                tensors.Add(new(CsrPrefix + key + ".col_indices", col));
                tensors.Add(new(CsrPrefix + key + ".values", values));
                meta[CsrPrefix + key + ".size"] = string.Create(CultureInfo.InvariantCulture, $"{csr.Rows},{csr.Columns}");
            }
            SafeTensors.Save(path, tensors, meta);
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }
}
