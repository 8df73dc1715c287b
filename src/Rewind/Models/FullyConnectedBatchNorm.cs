using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// A ReLU multilayer perceptron with batch normalisation after every hidden layer (<c>fc-&lt;width&gt;x&lt;depth&gt;-bn</c>):
/// Linear → BatchNorm1d → ReLU per hidden layer, then the classifier — the network of SILO's Figs. 4 and 9 (three hidden
/// layers of 256 with BN, Liu et al. 2023 App. C), BN placed before the nonlinearity as Ioffe &amp; Szegedy (2015) do.
/// Layers are named <c>fc1 … fcN</c> and <c>bn1 … bn(N−1)</c>; the Linear layers keep their biases.
/// </summary>
public sealed class FullyConnectedBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _layers;
    private readonly BatchNormalization[] _norms;

    /// <summary>Creates the network; weights stay at TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    public FullyConnectedBatchNorm(string name, long inputFeatures, IReadOnlyList<int> hidden, int classes, Device? device = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        _layers = new Linear[hidden.Count + 1];
        _norms = new BatchNormalization[hidden.Count];
        long previous = inputFeatures;
        for (int i = 0; i < hidden.Count; i++)
        {
            _layers[i] = nn.Linear(previous, hidden[i], device: device);
            _norms[i] = BatchNormalization.Of1d(hidden[i], device);
            register_module($"fc{i + 1}", _layers[i]);
            register_module($"bn{i + 1}", _norms[i]);
            previous = hidden[i];
        }
        _layers[^1] = nn.Linear(previous, classes, device: device);
        register_module($"fc{hidden.Count + 1}", _layers[^1]);
    }

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain), PyTorch's default biases, BN γ = 1 and β = 0, drawn
    /// from <paramref name="generator"/> in module order (as every catalog model).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input.dim() > 2 ? input.flatten(1) : input;
        for (int i = 0; i < _norms.Length; i++)
            x = nn.functional.relu(_norms[i].call(_layers[i].call(x)), inplace: true); // call: hooks see every layer
        return _layers[^1].call(x);
    }
}
