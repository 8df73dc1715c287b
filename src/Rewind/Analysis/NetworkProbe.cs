using Rewind.Data;
using Rewind.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Analysis;

/// <summary>
/// Measures what a trained level shows (<see cref="LevelStatistics"/>) without changing it: the model runs in
/// evaluation mode on <see cref="ProbeBatches"/> fixed training mini-batches (the same examples at every level, chosen
/// by the seed alone), gradients are cleared afterwards and no optimizer state is touched. The tensors are turned into
/// arrays here; the statistics themselves are the pure functions of <see cref="Moments"/> and <see cref="Distributions"/>.
/// </summary>
/// <remarks>
/// Layer inputs (E_AA) are captured with forward pre-hooks on the modules owning the prunable weights; TorchSharp runs
/// hooks only when a model calls its layers through <c>call</c>, as every catalog model does. For a model that calls
/// <c>forward</c> directly the activation statistics are NaN.
/// </remarks>
public static class NetworkProbe
{
    /// <summary>Mini-batches the gradients are measured on (one gradient per unpruned weight and batch).</summary>
    public const int ProbeBatches = 4;

    // The permutation stream of the probe, apart from every training epoch (levels ≥ 0) and the scorer's (−1).
    private const int ProbeStream = -2;

    /// <summary>Measures the network of <paramref name="state"/> at level <paramref name="level"/>.</summary>
    /// <param name="state">The trained level (model, prunable tensors, mask).</param>
    /// <param name="data">The training data the probe batches come from.</param>
    /// <param name="batchSize">Probe mini-batch size (the run's training batch size).</param>
    /// <param name="seed">The run's seed: picks the probe examples.</param>
    /// <param name="level">The level, recorded in the result.</param>
    /// <param name="firstEpochWeightChange">E_WG per prunable weight name, measured by the loop over the level's first epoch (or null).</param>
    public static LevelStatistics Measure(TrainingState state, Dataset data, int batchSize, int seed, int level,
        IReadOnlyDictionary<string, double>? firstEpochWeightChange)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(data);
        var model = state.Model;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var perm = Batches.EpochPermutation(data.TrainCount, seed, ProbeStream, 0);
            int batches = (int)Math.Min(ProbeBatches, Batches.BatchesPerEpoch(data.TrainCount, batchSize));
            var names = state.Prunable.Select(p => p.Name).ToArray();
            var alive = state.Prunable.Select(p => MaskArray(state.Mask[p.Name])).ToArray();

            // Pass 1: gradient moments per layer and pooled, and the input activations of each prunable layer.
            var layerMoments = Enumerable.Repeat(Moments.Empty, names.Length).ToArray();
            var pooled = Moments.Empty;
            var inputMoments = Enumerable.Repeat(Moments.Empty, names.Length).ToArray();
            long examples = 0;
            var hooks = HookInputs(model, names, inputMoments);
            try
            {
                for (int b = 0; b < batches; b++)
                {
                    var grads = Gradients(state, data, perm, b, batchSize, alive, out long n);
                    examples += n;
                    for (int i = 0; i < names.Length; i++)
                    {
                        layerMoments[i] = layerMoments[i].Add(grads[i]);
                        pooled = pooled.Add(grads[i]);
                    }
                }
            }
            finally
            {
                foreach (var remove in hooks) remove();
            }

            // Pass 2: the Sturges histogram of the pooled gradients between their minimum and maximum.
            Histogram histogram;
            if (pooled.Count > 0)
            {
                var edges = Distributions.EqualWidthEdges(pooled.Min, pooled.Max, Distributions.SturgesBins(pooled.Count));
                var counts = new long[edges.Length - 1];
                for (int b = 0; b < batches; b++)
                {
                    var grads = Gradients(state, data, perm, b, batchSize, alive, out _);
                    foreach (var g in grads) Distributions.CountInto(g, edges, counts);
                }
                histogram = new Histogram(edges, counts);
            }
            else
            {
                histogram = new Histogram([], []);
            }
            model.zero_grad(set_to_none: true);

            var layers = names.Select((name, i) => new LayerStatistics(
                name,
                alive[i].Count(a => a),
                layerMoments[i].MeanSquare,
                layerMoments[i].Std,
                inputMoments[i].MeanSquare,
                firstEpochWeightChange is not null && firstEpochWeightChange.TryGetValue(name, out var ewg) ? ewg : double.NaN)).ToArray();
            // E_AA of the layers whose input the pruning changes (all but the first, whose input is the data).
            var hidden = layers.Skip(1).Select(l => l.InputMeanSquare).ToArray();
            double activation = hidden.Length == 0 || hidden.Any(double.IsNaN) ? double.NaN : hidden.Average();
            return new LevelStatistics(level, state.Mask.Density, batches, examples, pooled.Count, pooled.Mean, pooled.Std,
                pooled.MeanSquare, histogram, activation, layers);
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }

    /// <summary>E_WG per layer between <paramref name="before"/> and the live weights, over the unpruned weights (§6.5).</summary>
    public static IReadOnlyDictionary<string, double> WeightChange(IReadOnlyDictionary<string, float[]> before, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(state);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in state.Prunable)
        {
            if (!before.TryGetValue(p.Name, out var w0)) continue;
            var w1 = Floats(p.Parameter);
            var alive = MaskArray(state.Mask[p.Name]);
            if (!alive.Any(a => a)) continue;
            result[p.Name] = Distributions.MeanSquaredWeightChange(
                Array.ConvertAll(w0, x => (double)x), Array.ConvertAll(w1, x => (double)x), alive);
        }
        return result;
    }

    /// <summary>The prunable weights as arrays (for <see cref="WeightChange"/>).</summary>
    public static IReadOnlyDictionary<string, float[]> CopyWeights(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Prunable.ToDictionary(p => p.Name, p => Floats(p.Parameter), StringComparer.Ordinal);
    }

    private static float[][] Gradients(TrainingState state, Dataset data, Tensor perm, int batch, int batchSize, bool[][] alive, out long examples)
    {
        var model = state.Model;
        model.zero_grad(set_to_none: true);
        using (var scope = NewDisposeScope())
        {
            var (x, y) = Batches.Take(data, perm, batch, batchSize);
            examples = y.shape[0];
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
        }
        var result = new float[state.Prunable.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            // A fresh wrapper outside any dispose scope: `using` keeps it alive until Floats has read it (without it,
            // the finalizer could free its native handle during detach — a worker crashed with SIGSEGV here).
            using var grad = state.Prunable[i].Parameter.grad;
            var all = grad is null ? new float[alive[i].Length] : Floats(grad);
            var kept = new float[alive[i].Count(a => a)];
            int k = 0;
            for (int j = 0; j < all.Length; j++)
                if (alive[i][j]) kept[k++] = all[j];
            result[i] = kept;
        }
        model.zero_grad(set_to_none: true);
        return result;
    }

    private static List<Action> HookInputs(nn.Module model, string[] names, Moments[] inputMoments)
    {
        var removers = new List<Action>();
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        foreach (var (name, module) in model.named_modules())
        {
            string prefix = string.IsNullOrEmpty(name) ? "" : name + ".";
            if (!(index.TryGetValue(prefix + "weight", out int i) || index.TryGetValue(prefix + "in_proj_weight", out i)) || // attention: q/k/v input
                module is not nn.Module<Tensor, Tensor> layer) continue;
            var remover = layer.register_forward_pre_hook((_, input) =>
            {
                // Reduced in libtorch (double precision): a convolution's input can hold millions of values per batch.
                using (no_grad())
                using (var scope = NewDisposeScope())
                {
                    var x = input.detach().to(ScalarType.Float64);
                    inputMoments[i] = inputMoments[i].Merge(new Moments(x.numel(), x.sum().item<double>(),
                        x.pow(Scalars.Two).sum().item<double>(), x.min().item<double>(), x.max().item<double>()));
                }
                return null!;
            });
            removers.Add(remover.remove);
        }
        return removers;
    }

    private static float[] Floats(Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.detach().to(ScalarType.Float32).cpu().contiguous().flatten();
        return flat.data<float>().ToArray();
    }

    private static bool[] MaskArray(Tensor mask) => Array.ConvertAll(Floats(mask), m => m != 0);
}
