using Rewind.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// A sign perturbation (Paper A §3, Figs. 6, 7a,b; ALGORITHMS §5.7): in every prunable layer exactly
/// round(fraction × alive) alive weights, chosen by a seeded permutation, have their sign flipped; pruned weights are
/// untouched. Stored with the level (<c>perturbation.json</c>) so the run records what it did.
/// </summary>
/// <param name="Fraction">The fraction asked for.</param>
/// <param name="Layers">Per prunable layer: alive weights and how many were flipped.</param>
public sealed record SignPerturbation(double Fraction, IReadOnlyList<SignPerturbation.Layer> Layers)
{
    /// <summary>One layer's share of the perturbation.</summary>
    /// <param name="Name">The prunable weight.</param>
    /// <param name="Alive">Unpruned weights of the layer.</param>
    /// <param name="Flipped">Weights whose sign was flipped.</param>
    public sealed record Layer(string Name, long Alive, long Flipped);

    /// <summary>The record file in the level directory.</summary>
    public const string FileName = "perturbation.json";

    /// <summary>Flips the signs of round(<paramref name="fraction"/> × alive) alive weights per layer, drawn from <paramref name="seed"/>.</summary>
    public static SignPerturbation Apply(IReadOnlyList<PrunableTensor> prunable, MaskSet mask, double fraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(prunable);
        ArgumentNullException.ThrowIfNull(mask);
        var layers = new List<Layer>();
        using var noGrad = no_grad();
        for (int i = 0; i < prunable.Count; i++)
        {
            using var scope = NewDisposeScope();
            var p = prunable[i];
            var alive = mask[p.Name].flatten().nonzero().squeeze(1).cpu();
            long n = alive.numel();
            long k = (long)Math.Round(fraction * n, MidpointRounding.AwayFromZero);
            if (k > 0)
            {
                using var g = new Generator(SeedMix.ForTorch(SeedMix.Combine((long)seed, i)), CPU);
                var chosen = alive.index_select(0, randperm(n, generator: g).narrow(0, 0, k)).to(p.Parameter.device);
                var flat = p.Parameter.view(-1);
                flat.index_copy_(0, chosen, flat.index_select(0, chosen).neg());
            }
            layers.Add(new Layer(p.Name, n, k));
        }
        return new SignPerturbation(fraction, layers);
    }
}
