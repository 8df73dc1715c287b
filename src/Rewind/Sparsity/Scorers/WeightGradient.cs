using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Sparsity.Scorers;

/// <summary>
/// |w ⊙ Σ_b ∂L_b/∂w| over the context's first <c>batches</c> training batches (cross-entropy, batch mean), the
/// score shared by SNIP (§7.6) and global gradient (§7.3). Gradients are taken with <c>autograd.grad</c>, so the
/// parameters' <c>.grad</c> and the optimizer are untouched; the model's train/eval mode is restored.
/// </summary>
internal static class WeightGradient
{
    public static IReadOnlyList<Tensor> Scores(ScoringContext context, int batches, bool trainMode, string scorer)
    {
        if (context.Batches is null)
            throw new InvalidOperationException($"{scorer} needs training batches but the scoring context has none");
        var model = context.Model;
        bool wasTraining = model.training;
        model.train(trainMode);
        try
        {
            using var grad = enable_grad();
            var parameters = context.Prunable.Select(p => (Tensor)p.Parameter).ToList();
            var sums = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToList();
            int seen = 0;
            foreach (var (inputs, labels) in context.Batches(batches))
            {
                using (inputs)
                using (labels)
                using (NewDisposeScope())
                {
                    Models.StochasticLayers.Seed(context.Seed, -1, seen); // dropout (train mode): a function of (seed, batch)
                    var loss = nn.functional.cross_entropy(model.forward(inputs), labels);
                    var g = autograd.grad([loss], parameters);
                    for (int i = 0; i < sums.Count; i++) sums[i].add_(g[i], Scalars.One);
                }
                seen++;
            }
            if (seen == 0) throw new InvalidOperationException($"{scorer}: the scoring context gave no batch");
            using var noGrad = no_grad();
            var scores = new List<Tensor>();
            for (int i = 0; i < sums.Count; i++)
            {
                scores.Add(parameters[i].detach().mul(sums[i]).abs_());
                sums[i].Dispose();
            }
            return scores;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
