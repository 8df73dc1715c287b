using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>Mean cross-entropy loss and accuracy of a model on a labelled set, in eval mode, without gradients.</summary>
public static class Evaluator
{
    /// <summary>Returns (mean loss, accuracy as a fraction) over all of <paramref name="inputs"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, int batchSize)
    {
        long n = inputs.shape[0];
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
                var x = inputs.narrow(0, start, len);
                var y = labels.narrow(0, start, len);
                var logits = model.forward(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return (lossSum / n, (double)correct / n);
    }
}
