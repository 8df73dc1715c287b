using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Conv-2, Conv-4 and Conv-6 of Frankle &amp; Carbin (2019, Fig. 2; scaled-down VGG for CIFAR-10): 2, 4 or 6 3×3
/// convolutions (padding 1, with bias) with ReLU, a 2×2 max-pool after every pair, widths 64, 64 | 128, 128 | 256, 256;
/// then fully connected layers of 256, 256 and the classes, with ReLU between them. No batch normalisation. Modules
/// <c>conv1 … conv6</c>, <c>fc1, fc2, fc3</c>. For 3×32×32 inputs and 10 classes the weights number 4,301,248
/// (Conv-2), 2,425,024 (Conv-4) and 2,261,184 (Conv-6), of which 38,592, 259,776 and 1,144,512 are convolutional —
/// the paper's table gives 4.3M/38K, 2.4M/260K and 1.7M/1.1M: its Conv-6 total does not follow from its own layer list.
/// </summary>
public sealed class FrankleCarbinConv : nn.Module<Tensor, Tensor>
{
    private static readonly int[] Widths = [64, 64, 128, 128, 256, 256];

    private readonly Conv2d[] _convs;
    private readonly Linear[] _fcs;

    /// <summary>Builds Conv-<paramref name="convLayers"/> (2, 4 or 6) for inputs [C, H, W]; weights stay at TorchSharp's
    /// defaults until <see cref="Initialize"/>.</summary>
    /// <exception cref="ArgumentException">Not 2, 4 or 6 layers, or images smaller than the pools allow.</exception>
    public FrankleCarbinConv(string name, IReadOnlyList<long> inputShape, int convLayers, int classes, Device? device = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (convLayers is not (2 or 4 or 6)) throw new ArgumentException("Frankle & Carbin define Conv-2, Conv-4 and Conv-6.", nameof(convLayers));
        if (inputShape.Count != 3) throw new ArgumentException("Conv-N needs [channels, height, width] inputs.", nameof(inputShape));
        long channels = inputShape[0], h = inputShape[1], w = inputShape[2];
        _convs = new Conv2d[convLayers];
        for (int i = 0; i < convLayers; i++)
        {
            _convs[i] = nn.Conv2d(channels, Widths[i], 3, padding: 1, bias: true, device: device);
            register_module($"conv{i + 1}", _convs[i]);
            channels = Widths[i];
            if (i % 2 == 1)
            {
                h /= 2;
                w /= 2;
            }
        }
        if (h < 1 || w < 1) throw new ArgumentException($"Inputs of {inputShape[1]}×{inputShape[2]} are too small for Conv-{convLayers}.", nameof(inputShape));
        _fcs = [nn.Linear(channels * h * w, 256, device: device), nn.Linear(256, 256, device: device), nn.Linear(256, classes, device: device)];
        for (int i = 0; i < _fcs.Length; i++) register_module($"fc{i + 1}", _fcs[i]);
    }

    /// <summary>The number of 2×2 max-pools of Conv-<paramref name="convLayers"/> (one per pair of convolutions).</summary>
    public static int Pools(int convLayers) => convLayers / 2;

    /// <summary>Seeded Kaiming-normal weights (fan-in, ReLU gain) and PyTorch's default biases, drawn from
    /// <paramref name="generator"/> in module order (Frankle &amp; Carbin used Glorot; Rewind initialises every model alike).</summary>
    public void Initialize(Generator generator) => KaimingInit.Apply(this, generator);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _convs.Length; i++)
        {
            x = nn.functional.relu(_convs[i].call(x), inplace: true); // call: module hooks see every layer
            if (i % 2 == 1) x = nn.functional.max_pool2d(x, 2, 2);
        }
        x = x.flatten(1);
        x = nn.functional.relu(_fcs[0].call(x), inplace: true);
        x = nn.functional.relu(_fcs[1].call(x), inplace: true);
        return _fcs[2].call(x);
    }
}
