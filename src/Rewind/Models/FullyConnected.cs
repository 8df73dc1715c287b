using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// A ReLU multilayer perceptron (LeNet-300-100 is <c>[300, 100]</c>). Layers are named <c>fc1 … fcN</c>, the last
/// one being the classifier, so weights line up with the equivalent PyTorch module.
/// </summary>
public sealed class FullyConnected : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _layers;

    /// <summary>Creates the network; weights are left at TorchSharp's defaults until <see cref="Initialize"/>.</summary>
    public FullyConnected(string name, long inputFeatures, IReadOnlyList<int> hidden, int classes) : base(name)
    {
        var sizes = new List<long> { inputFeatures };
        sizes.AddRange(hidden.Select(h => (long)h));
        sizes.Add(classes);
        _layers = new Linear[sizes.Count - 1];
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = nn.Linear(sizes[i], sizes[i + 1]);
            register_module($"fc{i + 1}", _layers[i]);
        }
    }

    /// <summary>
    /// Seeded initialisation as the references do it: Kaiming-normal weights (fan-in, ReLU gain √2) and PyTorch's
    /// default bias init U(−1/√fan_in, 1/√fan_in), drawn from one generator so the seed alone fixes θ(0).
    /// </summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var layer in _layers) KaimingInit.Fill(layer.weight!, layer.bias, generator);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input.dim() > 2 ? input.flatten(1) : input;
        for (int i = 0; i < _layers.Length; i++)
        {
            var y = _layers[i].call(x); // call, not forward: module hooks (NetworkProbe) see every layer
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = i < _layers.Length - 1 ? nn.functional.relu(y, inplace: true) : y;
        }
        return x;
    }
}
