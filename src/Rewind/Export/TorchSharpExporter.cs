using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>
/// Writes a ticket in TorchSharp's own format (<c>Module.save</c>): the catalog model's parameters and buffers, pruned
/// weights 0. Load it in .NET with <c>ModelCatalog.Create(name, inputShape, classes, seed).load(path)</c>; the
/// architecture comes from the catalog name, so only the masked model (not a compacted one) has this form.
/// </summary>
public static class TorchSharpExporter
{
    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/> with <c>Module.save</c>.</summary>
    public static void Save(nn.Module<Tensor, Tensor> model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var full = Path.GetFullPath(path);
        var tmp = full + ".tmp";
        model.save(tmp);
        File.Move(tmp, full, overwrite: true);
    }
}
