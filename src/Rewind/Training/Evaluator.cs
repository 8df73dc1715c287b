using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>Mean cross-entropy loss and accuracy of a model on a labelled set, in eval mode, without gradients.</summary>
public static class Evaluator
{
    /// <summary>Returns (mean loss, accuracy as a fraction) over all of <paramref name="inputs"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, int batchSize) =>
        Evaluate(model, inputs.shape[0], batchSize, (start, len) => (inputs.narrow(0, start, len), labels.narrow(0, start, len)));

    /// <summary>Returns (mean loss, accuracy as a fraction) over split <paramref name="split"/> of
    /// <paramref name="data"/>, in its stored order: the same numbers as the tensor overload for an in-memory dataset,
    /// and batch by batch from disk for a streamed one.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Dataset data, DataSplit split, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(model, data.Count(split), batchSize, (start, len) => data.Slice(split, start, len));
    }

    private static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, long n, int batchSize,
        Func<long, long, (Tensor Inputs, Tensor Labels)> batch)
    {
        if (n == 0) return (double.NaN, double.NaN);
        bool wasTraining = model.training;
        model.eval();
        double lossSum = 0;
        long correct = 0;
        using (inference_mode())
        {
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var (x, y) = batch(start, len);
                var logits = model.forward(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return (lossSum / n, (double)correct / n);
    }
}
