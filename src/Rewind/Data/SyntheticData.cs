using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>Generated datasets: a seeded teacher-labelled classification task and the single-neuron regression study.</summary>
public static class SyntheticData
{
    // Domain tags keep the streams of the different generators independent for the same user seed.
    private const long ClassificationTag = 0x0C1A55;
    private const long TeacherNeuronTag = 0x0EE0;
    private const long ImagesTag = 0x1A6E5;

    /// <summary>A classification task: x ~ N(0, I), labels = argmax of a fixed random two-layer ReLU teacher; deterministic
    /// for a seed, learnable by a small MLP well above chance within a couple of epochs.</summary>
    /// <remarks>The teacher is logits = relu(x W1 + b1) W2 + x A, with W1, b1, W2, A drawn from the same seeded generator
    /// before the inputs; each logit is centred over all examples so the classes come out roughly balanced.</remarks>
    public static Dataset Classification(int seed, int trainCount = 2048, int testCount = 512, int features = 32, int classes = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);

        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(ClassificationTag, seed)));
        int hidden = 4 * classes;
        long n = (long)trainCount + testCount;

        // Teacher first, then the inputs, so changing the example counts does not change the teacher.
        using Scalar rootFeatures = Math.Sqrt(features), half = 0.5, rootHidden = Math.Sqrt(hidden);
        var w1 = torch.randn([features, hidden], generator: g).div_(rootFeatures);
        var b1 = torch.randn([hidden], generator: g).mul_(half);
        var w2 = torch.randn([hidden, classes], generator: g).div_(rootHidden);
        var a = torch.randn([features, classes], generator: g).div_(rootFeatures);
        var x = torch.randn([n, features], generator: g);

        var logits = torch.nn.functional.relu(x.matmul(w1).add_(b1, Scalars.One)).matmul(w2).add_(x.matmul(a), Scalars.One);
        logits.sub_(logits.mean([0], keepdim: true));
        var y = logits.argmax(1);

        var dataset = new Dataset(DataCatalog.Synthetic, classes, [features],
            x.narrow(0, 0, trainCount).clone().MoveToOuterDisposeScope(),
            y.narrow(0, 0, trainCount).clone().MoveToOuterDisposeScope(),
            x.narrow(0, trainCount, testCount).clone().MoveToOuterDisposeScope(),
            y.narrow(0, trainCount, testCount).clone().MoveToOuterDisposeScope(),
            $"generated (seed {seed}, {features} features, {classes} classes)");
        return dataset;
    }

    /// <summary>
    /// A CIFAR-shaped image classification task for CPU tests and studies: each class has a smooth random template
    /// (a 4×4 Gaussian pattern per channel, upsampled bilinearly, made left-right symmetric and scaled to unit
    /// standard deviation); an example is its class template plus N(0, 1) pixel noise, divided by √2 so inputs have
    /// about unit variance. Deterministic for a seed; labels are uniform over the classes. Because the templates are
    /// mirror-symmetric and smooth, the CIFAR augmentation (<see cref="RandomCropFlip"/>) keeps the label meaningful,
    /// and the dataset carries it, as CIFAR does.
    /// </summary>
    public static Dataset Images(int seed, int trainCount = 2048, int testCount = 512, int channels = 3, int size = 32, int classes = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);

        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(ImagesTag, seed)));
        long n = (long)trainCount + testCount;

        // Templates first, so the example counts do not change them.
        var coarse = torch.randn([classes, channels, 4, 4], generator: g);
        var templates = nn.functional.interpolate(coarse, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        templates = templates.add(templates.flip(3), Scalars.One).div_(Scalars.Two);
        var std = templates.flatten(1).std(1).view(classes, 1, 1, 1);
        templates = templates.div(std);

        var y = torch.randint(0, classes, [n], dtype: ScalarType.Int64, generator: g);
        var noise = torch.randn([n, channels, size, size], generator: g);
        using Scalar rootTwo = Math.Sqrt(2.0);
        var x = templates.index_select(0, y).add_(noise, Scalars.One).div_(rootTwo);

        long[] shape = [channels, size, size];
        return new Dataset(DataCatalog.SyntheticImages, classes, shape,
            x.narrow(0, 0, trainCount).clone().MoveToOuterDisposeScope(),
            y.narrow(0, 0, trainCount).clone().MoveToOuterDisposeScope(),
            x.narrow(0, trainCount, testCount).clone().MoveToOuterDisposeScope(),
            y.narrow(0, trainCount, testCount).clone().MoveToOuterDisposeScope(),
            $"generated (seed {seed}, {channels}×{size}×{size} images, {classes} classes)")
        {
            Augmentation = new RandomCropFlip(ChannelNormalization.Uniform(Normalization.None, channels)),
        };
    }

    /// <summary>The single-neuron teacher study: x ~ N(0, I/d) of shape [n, d] and y = ReLU(x_1) + N(0, noiseStd²) of
    /// shape [n, 1] (matching a one-output model); deterministic for a seed.</summary>
    public static (Tensor X, Tensor Y) TeacherNeuron(int seed, int n, int d, double noiseStd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noiseStd);

        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(TeacherNeuronTag, seed)));
        using Scalar rootD = Math.Sqrt(d), std = noiseStd;
        var x = torch.randn([n, d], generator: g).div_(rootD);
        var noise = torch.randn([n, 1], generator: g).mul_(std);
        var y = torch.nn.functional.relu(x.narrow(1, 0, 1)).add(noise, Scalars.One);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}
