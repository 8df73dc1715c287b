using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// Lookahead pruning, LAP (Park et al. 2020; ALGORITHMS.md §7.5): <c>W_l[i,j,…]² · P_l(j) · Q_l(i)</c>, where
/// <c>P_l(j)</c> is the squared norm of the previous layer's unit j (1 for the first layer) and <c>Q_l(i)</c> the
/// squared norm of the next layer's weights consuming unit i (1 for the output layer); across a conv → linear
/// flatten the linear input f belongs to channel f ÷ (H·W). Layers are chained in declaration order over every
/// Linear/Conv weight (<see cref="LayerChain"/>), classifier included even when it is kept dense. Pruned per layer
/// as the reference does (uniform ratios); <c>pruning.scope=global</c> gives LAP_Global. The BN variant is not
/// implemented (the catalog's models have no BatchNorm). Computed in double.
/// </summary>
public sealed class LapScorer : IScorer
{
    /// <inheritdoc/>
    public string Name => "lap";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.PerLayer;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var all = Prunable.Of(context.Model);
        var chain = LayerChain.Of(context.Model);
        var weights = all.Select(p =>
        {
            var w = p.Parameter.detach().to(ScalarType.Float64);
            int m = IndexOf(context.Prunable, p.Name);
            return m < 0 ? w : w.mul(context.Mask.Masks[m].Mask.to(ScalarType.Float64));
        }).ToList();
        var scores = Scores(chain, weights);
        return context.Prunable.Select(p => scores[chain.IndexOf(p.Name)].MoveToOuterDisposeScope()).ToList();
    }

    /// <summary>LAP scores of every layer of <paramref name="chain"/> given its (masked) weights, in chain order.</summary>
    public static IReadOnlyList<Tensor> Scores(LayerChain chain, IReadOnlyList<Tensor> weights)
    {
        if (weights.Count != chain.Layers.Count) throw new ArgumentException("one weight per chain layer is required", nameof(weights));
        var squares = weights.Select(w => w.to(ScalarType.Float64).pow(Scalars.Two)).ToList();
        var result = new List<Tensor>();
        for (int l = 0; l < squares.Count; l++)
        {
            var sq = squares[l];
            var link = chain.Layers[l];
            var score = sq;
            if (l > 0 && chain.Layers[l - 1].Consumer == l)
            {
                // P(j): energy of the previous layer's unit feeding input j.
                var prev = squares[l - 1];
                var rowEnergy = prev.reshape(prev.shape[0], -1).sum(1);
                score = score.mul(Broadcast(chain.ToConsumerInputs(l - 1, rowEnergy), sq.dim(), 1));
            }
            if (link.Consumer >= 0)
            {
                // Q(i): energy of the next layer's weights consuming unit i.
                var next = squares[link.Consumer];
                var dims = Enumerable.Range(0, (int)next.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
                var colEnergy = next.sum(dims);
                score = score.mul(Broadcast(chain.FromConsumerInputs(l, colEnergy), sq.dim(), 0));
            }
            result.Add(score);
        }
        return result;
    }

    private static Tensor Broadcast(Tensor vector, long dims, int axis)
    {
        var shape = Enumerable.Repeat(1L, (int)dims).ToArray();
        shape[axis] = vector.numel();
        return vector.reshape(shape);
    }

    private static int IndexOf(IReadOnlyList<PrunableTensor> prunable, string name)
    {
        for (int i = 0; i < prunable.Count; i++) if (prunable[i].Name == name) return i;
        return -1;
    }
}
