using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// SynFlow (Tanaka et al. 2020; ALGORITHMS.md §7.7): every parameter and buffer is replaced by its absolute value,
/// an all-ones input of one example's shape is passed in eval mode, <c>R = Σ outputs</c>, and the score is
/// <c>|θ ⊙ ∂R/∂θ|</c>; signs are restored exactly afterwards. With one iteration (the default) this is Paper A's
/// iterative-criteria variant (§5.9): one pass per level on the trained weights. With <c>n &gt; 1</c> it is the
/// original iterative SynFlow: <c>n</c> rounds, round <c>e</c> pruning globally to <c>d₀·(d/d₀)^((e+1)/n)</c> and
/// re-scoring with that mask (Tanaka et al. go from dense, <c>d₀ = 1</c>, with n = 100); the returned scores reproduce
/// the last round's mask under the global scope. The score of a bias-free ReLU chain is invariant to scaling one
/// layer by α and the next by 1/α, and each layer's scores sum to R (§8.4 test vectors).
/// </summary>
public sealed class SynFlowScorer(int iterations = 1) : IScorer
{
    /// <inheritdoc/>
    public string Name => "synflow";

    /// <inheritdoc/>
    public PruningScope Scope => PruningScope.Global;

    /// <summary>Rounds per pruning step (1 = Paper A's single pass).</summary>
    public int Iterations { get; } = iterations >= 1 ? iterations : throw new ArgumentOutOfRangeException(nameof(iterations));

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Score(ScoringContext context)
    {
        if (Iterations == 1) return Once(context);
        double target = context.TargetDensity
                        ?? throw new InvalidOperationException("iterative SynFlow needs the target density in the scoring context");
        double start = context.Mask.Density;
        using var noGrad = no_grad();
        var saved = context.Prunable.Select(p => p.Parameter.detach().clone().DetachFromDisposeScope()).ToList();
        var mask = context.Mask.Clone();
        try
        {
            for (int round = 0; ; round++)
            {
                mask.ApplyTo(context.Prunable);
                var scores = Once(context);
                if (round == Iterations - 1)
                {
                    // Entries pruned in earlier rounds go below everything, so the caller's pruner reproduces this round.
                    for (int i = 0; i < scores.Count; i++)
                        scores[i].masked_fill_(mask.Masks[i].Mask.eq(Scalars.Zero), Scalars.NegativeInfinity);
                    return scores;
                }
                double density = start * Math.Pow(target / start, (round + 1.0) / Iterations);
                var next = Pruner.Prune(scores, mask, density, PruningScope.Global);
                foreach (var s in scores) s.Dispose();
                mask.Dispose();
                mask = next;
            }
        }
        finally
        {
            for (int i = 0; i < saved.Count; i++)
            {
                context.Prunable[i].Parameter.copy_(saved[i]);
                saved[i].Dispose();
            }
            mask.Dispose();
        }
    }

    private static IReadOnlyList<Tensor> Once(ScoringContext context)
    {
        var model = context.Model;
        var shape = context.InputShape ?? InputShapeFromBatch(context);
        bool wasTraining = model.training;
        var signs = new List<(Tensor Tensor, Tensor Sign)>();
        try
        {
            model.eval();
            using (no_grad())
            {
                foreach (var t in model.parameters().Cast<Tensor>().Concat(model.buffers()))
                {
                    if (!t.is_floating_point()) continue;
                    signs.Add((t, t.sign().DetachFromDisposeScope()));
                    t.abs_();
                }
            }
            using var grad = enable_grad();
            using var scope = NewDisposeScope();
            var parameters = context.Prunable.Select(p => (Tensor)p.Parameter).ToList();
            var first = parameters[0];
            var input = ones([1, .. shape], first.dtype, first.device);
            var r = model.forward(input).sum();
            var g = autograd.grad([r], parameters);
            var scores = new List<Tensor>();
            using (no_grad())
                for (int i = 0; i < parameters.Count; i++)
                    scores.Add(parameters[i].detach().mul(g[i]).abs_().MoveToOuterDisposeScope());
            return scores;
        }
        finally
        {
            using (no_grad())
                foreach (var (t, sign) in signs)
                {
                    t.mul_(sign);
                    sign.Dispose();
                }
            model.train(wasTraining);
        }
    }

    private static long[] InputShapeFromBatch(ScoringContext context)
    {
        if (context.Batches is null)
            throw new InvalidOperationException("SynFlow needs the input shape (ScoringContext.InputShape) or a batch to read it from");
        var (inputs, labels) = context.Batches(1).First();
        using (inputs)
        using (labels)
            return inputs.shape[1..];
    }
}
