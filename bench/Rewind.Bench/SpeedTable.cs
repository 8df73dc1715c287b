using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rewind.Models;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Bench;

/// <summary>
/// The README's speed table (issue #13): for every catalog example on the data it is meant for, the time of one
/// training step at batch 128 — forward, cross-entropy, backward and Rewind's SGD step (momentum 0.9, weight decay) on
/// a fixed random batch (no data loading or augmentation) — and the epoch time it implies. Measurements are
/// interleaved: every round builds each model afresh, runs a warm-up step and times <c>steps</c> steps, then moves to
/// the next model, so a slow spell of the machine spreads over all models instead of hitting one; the table gives the
/// median over all rounds with the minimum and maximum. sgemm is timed in every round too, and each model's rate is
/// also given as a fraction of it (6 FLOP per forward MAC per example). Models whose batch-128 activations would not fit
/// in memory (224×224 inputs) accumulate gradients over micro-batches; the step is still one of 128 examples.
/// </summary>
public static class SpeedTable
{
    /// <summary>Training examples per epoch of the datasets the examples are meant for.</summary>
    public static IReadOnlyDictionary<string, long> TrainExamples { get; } = new Dictionary<string, long>
    {
        ["Fashion-MNIST"] = 60_000,
        ["CIFAR-10"] = 50_000,
        ["CIFAR-100"] = 50_000,
        ["Tiny ImageNet"] = 100_000,
        ["ImageNet"] = 1_281_167,
    };

    /// <summary>The small models of <c>--quick</c> (one of each kind: MLP, CNN, ResNet, depthwise, attention).</summary>
    public static IReadOnlyList<string> QuickModels { get; } = ["lenet-300-100", "conv-2", "resnet-20", "mobilenet-v2-0.5", "vit-tiny"];

    private const int Batch = 128;

    /// <summary>Runs the measurement and returns the markdown table.</summary>
    public static string Run(int threads, int rounds, int steps, IReadOnlyList<string>? only, bool quick)
    {
        set_num_threads(threads);
        var examples = ModelCatalog.ExampleSettings
            .Where(e => only is null || only.Count == 0 ? !quick || QuickModels.Contains(e.Name) : only.Contains(e.Name))
            .ToList();
        var times = examples.Select(_ => new List<double>()).ToArray();
        var macs = new double[examples.Count];
        var gemm = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            gemm.Add(Measurements.SgemmGflops(threads));
            for (int i = 0; i < examples.Count; i++)
            {
                var e = examples[i];
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"round {r + 1}/{rounds} {e.Name} ({e.Data})... "));
                var measured = StepSeconds(e, steps, r == 0 ? m => macs[i] = m : null);
                times[i].AddRange(measured);
                Console.WriteLine(string.Join(" ", measured.Select(t => t.ToString("0.###", CultureInfo.InvariantCulture))) + " s");
            }
        }

        double sgemm = Median(gemm);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"One training step at batch {Batch} (forward, backward, SGD with momentum) on {threads} thread(s); ")
          .Append(CultureInfo.InvariantCulture, $"{rounds} interleaved rounds × {steps} steps per model, median [min–max]; ")
          .Append(CultureInfo.InvariantCulture, $"sgemm 2048³ {sgemm:F0} GFLOP/s [{gemm.Min():F0}–{gemm.Max():F0}] in the same rounds.\n\n");
        md.Append("| model | data | parameters | prunable | fwd MMAC / example | micro-batch | step (s) | epoch (est.) | % of sgemm |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            var size = ModelSize.Of(e.Name, e.InputShape, e.Classes);
            double median = Median(times[i]);
            long stepsPerEpoch = (TrainExamples[e.Data] + Batch - 1) / Batch;
            double flops = 6 * macs[i] * Batch;
            md.Append(CultureInfo.InvariantCulture,
                $"| `{e.Name}` | {e.Data} {string.Join('×', e.InputShape)} | {size.Total:N0} | {size.Prunable:N0} | {macs[i] / 1e6:#,0.#} | {MicroBatch(e)} | ")
              .Append(CultureInfo.InvariantCulture, $"{median:0.000} [{times[i].Min():0.000}–{times[i].Max():0.000}] | {Duration(stepsPerEpoch * median)} | ")
              .Append(CultureInfo.InvariantCulture, $"{flops / median / 1e9 / sgemm:P0} |\n");
        }
        return md.ToString();
    }

    /// <summary>Micro-batch size: 128 at once, except 224×224 inputs (ResNet-50 and ViT-B/16 activations of 128 images
    /// exceed the memory of a shared machine), which accumulate gradients over 8 micro-batches of 16.</summary>
    public static int MicroBatch(ModelExample e) => e?.InputShape[1] >= 224 ? 16 : Batch;

    /// <summary>Seconds of each of <paramref name="steps"/> timed steps of a fresh model after one untimed warm-up step.</summary>
    public static IReadOnlyList<double> StepSeconds(ModelExample e, int steps, Action<double>? reportMacs)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var model = ModelCatalog.Create(e.Name, e.InputShape, e.Classes, seed: 0);
        reportMacs?.Invoke(ForwardMacs.PerExample(model, e.InputShape));
        var optimizer = Optimizers.Create(new OptimizerSpec { Name = "sgd", Lr = 0.01, Momentum = 0.9, WeightDecay = 5e-4 }, model);
        using var g = new Generator(1);
        using var x = randn([Batch, .. e.InputShape], generator: g);
        using var y = randint(0, e.Classes, [Batch], generator: g);
        int micro = MicroBatch(e);
        model.train();
        var result = new List<double>();
        for (int s = 0; s <= steps; s++)
        {
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                StochasticLayers.Seed(0, 0, s);
                model.zero_grad(set_to_none: true);
                for (int start = 0; start < Batch; start += micro)
                {
                    var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, micro)), y.narrow(0, start, micro));
                    loss.mul(micro / (double)Batch).backward();
                }
                optimizer.Step(0.01);
            }
            if (s > 0) result.Add(clock.Elapsed.TotalSeconds);
        }
        return result;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} min"),
        < 172800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:F1} days"),
    };
}
