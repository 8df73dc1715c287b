using Rewind.Pruning;
using static TorchSharp.torch;

namespace Rewind.Analysis;

/// <summary>
/// The distribution of BatchNorm scales γ per layer at the end of a level (Paper A Figs. 10–11, ALGORITHMS §5.11): LRR on
/// a foreign mask can drive whole channels' γ to 0 in deep layers, which BN rewinding prevents. BN layers are found in the
/// stored weights as the <c>…weight</c> tensors that have a <c>…running_mean</c> beside them.
/// </summary>
public static class BatchNormAnalysis
{
    /// <summary>|γ| below this counts as a collapsed channel.</summary>
    public const double NearZero = 0.01;

    /// <summary>Bins of each layer's histogram.</summary>
    public const int Bins = 30;

    /// <summary>The γ distributions of level <paramref name="level"/>, or null when the network has no BatchNorm.</summary>
    public static BatchNormGammas? MeasureLevel(RunStore store, int level)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var final = store.LoadFinal(level);
        var layers = new List<BatchNormLayer>();
        foreach (var (name, t) in final.Model)
        {
            if (!name.EndsWith(".weight", StringComparison.Ordinal)) continue;
            var prefix = name[..^".weight".Length];
            if (!final.Model.ContainsKey(prefix + ".running_mean")) continue;
            using var scope = NewDisposeScope();
            var gamma = t.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
            var bins = Distributions.Histogram(gamma, Bins);
            layers.Add(new BatchNormLayer(prefix, gamma.Length, gamma.Average(), (double)gamma.Count(g => Math.Abs(g) < NearZero) / gamma.Length, bins));
        }
        return layers.Count == 0 ? null : new BatchNormGammas(level, SignAnalysis.Density(final), layers);
    }
}

/// <summary>One BatchNorm layer's scales γ at the end of a level.</summary>
/// <param name="Name">The BN module, e.g. <c>layer3.1.bn2</c>.</param>
/// <param name="Channels">Number of γ values.</param>
/// <param name="Mean">Mean γ.</param>
/// <param name="NearZeroFraction">Fraction of channels with |γ| &lt; <see cref="BatchNormAnalysis.NearZero"/>.</param>
/// <param name="Histogram">Equal-width histogram of γ.</param>
public sealed record BatchNormLayer(string Name, int Channels, double Mean, double NearZeroFraction, Histogram Histogram);

/// <summary>The γ distributions of every BN layer at the end of a level (<c>levels/NN/bn-gamma.json</c>).</summary>
/// <param name="Level">The level.</param>
/// <param name="Density">Fraction of prunable weights kept.</param>
/// <param name="Layers">Per BN layer, in model order.</param>
public sealed record BatchNormGammas(int Level, double Density, IReadOnlyList<BatchNormLayer> Layers)
{
    /// <summary>The record's file in the level directory.</summary>
    public const string FileName = "bn-gamma.json";
}
