using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Sparsity;

/// <summary>
/// The weight layers of a network as a chain in declaration order, with which layer consumes which layer's output
/// units. LAP (§7.5) and the structured scope (§7.8) need it. As in the LAP reference, modules are simply chained
/// in declaration order; a link is made only when shapes agree (<c>in_{l+1} = out_l</c>, or a Linear after a conv
/// whose <c>in</c> is a multiple of the channels: a flatten) — residual and depthwise graphs are not modelled
/// ([AMBIGUOUS] in ALGORITHMS.md §7.5).
/// </summary>
public sealed class LayerChain
{
    private LayerChain(IReadOnlyList<LayerLink> layers) => Layers = layers;

    /// <summary>The layers in order; the last one is the network's output layer.</summary>
    public IReadOnlyList<LayerLink> Layers { get; }

    /// <summary>Index of the layer called <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Layers.Count; i++) if (Layers[i].Name == name) return i;
        return -1;
    }

    /// <summary>The chain of every Linear/Conv weight of <paramref name="model"/> (the classifier included).</summary>
    public static LayerChain Of(nn.Module model) =>
        FromShapes(Prunable.Of(model).Select(p => (p.Name, p.Parameter.shape)).ToList());

    /// <summary>The chain of named weight shapes in the given order (pure: used by tests and when no model is at hand).</summary>
    public static LayerChain FromShapes(IReadOnlyList<(string Name, long[] Shape)> layers)
    {
        var links = new List<LayerLink>();
        for (int i = 0; i < layers.Count; i++)
        {
            var (name, shape) = layers[i];
            int consumer = -1;
            long perUnit = 1;
            if (i + 1 < layers.Count && shape.Length >= 2)
            {
                var next = layers[i + 1].Shape;
                long units = shape[0];
                if (next.Length >= 2 && next[1] == units) consumer = i + 1;
                else if (next.Length == 2 && shape.Length > 2 && next[1] % units == 0)
                {
                    consumer = i + 1;
                    perUnit = next[1] / units;
                }
            }
            links.Add(new LayerLink(name, shape, consumer, perUnit));
        }
        return new LayerChain(links);
    }

    /// <summary>
    /// Expands a per-unit vector of layer <paramref name="producer"/> (length = its units) to its consumer's input
    /// features (repeating each unit <see cref="LayerLink.FeaturesPerUnit"/> times, channel-major).
    /// </summary>
    internal Tensor ToConsumerInputs(int producer, Tensor perUnit)
    {
        long f = Layers[producer].FeaturesPerUnit;
        return f == 1 ? perUnit.alias() : perUnit.repeat_interleave(f, 0);
    }

    /// <summary>Sums a per-input-feature vector of the consumer of <paramref name="producer"/> back to the producer's units.</summary>
    internal Tensor FromConsumerInputs(int producer, Tensor perFeature)
    {
        var link = Layers[producer];
        return link.FeaturesPerUnit == 1 ? perFeature.alias() : perFeature.reshape(link.Units, link.FeaturesPerUnit).sum(1);
    }
}
