using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>An in-memory classification dataset: normalised float32 inputs and int64 labels for train and test.</summary>
/// <remarks>The dataset owns its four tensors; disposing it releases them.</remarks>
public sealed class Dataset : IDisposable
{
    private bool _disposed;

    /// <summary>Creates a dataset that takes ownership of the given tensors.</summary>
    /// <param name="name">The catalog name (e.g. "fashion-mnist").</param>
    /// <param name="numClasses">How many classes the labels range over (labels are 0..numClasses-1).</param>
    /// <param name="inputShape">The shape of one example, e.g. [1, 28, 28] or [32].</param>
    /// <param name="trainInputs">Float32 [N, ...inputShape], already normalised.</param>
    /// <param name="trainLabels">Int64 [N].</param>
    /// <param name="testInputs">Float32 [M, ...inputShape], already normalised.</param>
    /// <param name="testLabels">Int64 [M].</param>
    /// <param name="source">Where the data came from, for reports (a folder, or "generated (seed 3)").</param>
    /// <param name="validationInputs">Float32 [V, ...inputShape] held out from training, or null for none.</param>
    /// <param name="validationLabels">Int64 [V], given exactly when <paramref name="validationInputs"/> is.</param>
    public Dataset(string name, int numClasses, long[] inputShape, Tensor trainInputs, Tensor trainLabels,
        Tensor testInputs, Tensor testLabels, string source, Tensor? validationInputs = null, Tensor? validationLabels = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(trainInputs);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testInputs);
        ArgumentNullException.ThrowIfNull(testLabels);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        CheckSplit("train", inputShape, trainInputs, trainLabels);
        CheckSplit("test", inputShape, testInputs, testLabels);
        if ((validationInputs is null) != (validationLabels is null))
            throw new ArgumentException("Validation inputs and labels are given together or not at all.");
        if (validationInputs is not null) CheckSplit("validation", inputShape, validationInputs, validationLabels!);

        Name = name;
        NumClasses = numClasses;
        InputShape = (long[])inputShape.Clone();
        TrainInputs = trainInputs;
        TrainLabels = trainLabels;
        TestInputs = testInputs;
        TestLabels = testLabels;
        Source = source;
        ValidationInputs = validationInputs;
        ValidationLabels = validationLabels;
    }

    /// <summary>The catalog name of the dataset.</summary>
    public string Name { get; }

    /// <summary>The number of classes; labels lie in 0..NumClasses-1.</summary>
    public int NumClasses { get; }

    /// <summary>The shape of one example (without the batch dimension), e.g. [1, 28, 28] or [32].</summary>
    public long[] InputShape { get; }

    /// <summary>The training inputs, float32 [TrainCount, ...InputShape], normalised.</summary>
    public Tensor TrainInputs { get; }

    /// <summary>The training labels, int64 [TrainCount].</summary>
    public Tensor TrainLabels { get; }

    /// <summary>The test inputs, float32 [TestCount, ...InputShape], normalised.</summary>
    public Tensor TestInputs { get; }

    /// <summary>The test labels, int64 [TestCount].</summary>
    public Tensor TestLabels { get; }

    /// <summary>The validation inputs held out from the training set (see <see cref="HoldOut"/>), or null.</summary>
    public Tensor? ValidationInputs { get; }

    /// <summary>The validation labels, or null.</summary>
    public Tensor? ValidationLabels { get; }

    /// <summary>The number of validation examples (0 without a validation set).</summary>
    public long ValidationCount => ValidationLabels?.shape[0] ?? 0;

    /// <summary>The number of training examples.</summary>
    public long TrainCount => TrainLabels.shape[0];

    /// <summary>The number of test examples.</summary>
    public long TestCount => TestLabels.shape[0];

    /// <summary>Where the data was loaded from (a folder) or how it was made, for reports.</summary>
    public string Source { get; }

    /// <summary>The training augmentation <see cref="Batches"/> applies to each training batch (null = none). Set by the
    /// catalog for datasets that have a standard one (CIFAR's random crop + flip); set it to null to train on the
    /// stored images (<c>data.augment: false</c>). Test inputs are never augmented.</summary>
    public RandomCropFlip? Augmentation { get; set; }

    /// <summary>The device the tensors live on.</summary>
    public Device Device => TrainInputs.device;

    /// <summary>Returns an independent copy of this dataset on <paramref name="device"/> (the caller disposes it).</summary>
    public Dataset To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var copy = new Dataset(Name, NumClasses, InputShape,
            CopyTo(TrainInputs, device), CopyTo(TrainLabels, device),
            CopyTo(TestInputs, device), CopyTo(TestLabels, device), Source,
            ValidationInputs is null ? null : CopyTo(ValidationInputs, device),
            ValidationLabels is null ? null : CopyTo(ValidationLabels, device));
        copy.Augmentation = Augmentation;
        return copy;
    }

    /// <summary>Returns an independent copy holding the first <paramref name="trainCount"/> training and first
    /// <paramref name="testCount"/> test examples (0 = all of that split).</summary>
    /// <exception cref="RewindUserException">A count is negative or larger than the split.</exception>
    public Dataset Subset(int trainCount, int testCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long train = Resolve("data.train_subset", trainCount, TrainCount, "training");
        long test = Resolve("data.test_subset", testCount, TestCount, "test");
        var subset = new Dataset(Name, NumClasses, InputShape,
            First(TrainInputs, train), First(TrainLabels, train),
            First(TestInputs, test), First(TestLabels, test), Source,
            ValidationInputs?.clone(), ValidationLabels?.clone());
        subset.Augmentation = Augmentation;
        return subset;
    }

    /// <summary>
    /// Returns an independent copy whose validation set is <paramref name="count"/> training examples chosen by a
    /// permutation seeded by <paramref name="seed"/> (a pure function of both), the training set being the rest; both keep
    /// the original order. The test set is unchanged (Paper B: validation for early stopping and the Oracle, test for
    /// reporting). Augmentation, if any, stays with the training set (the validation set is evaluated as is).
    /// </summary>
    /// <exception cref="RewindUserException">The count is negative or leaves no training example.</exception>
    public Dataset HoldOut(int count, int seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count < 0 || count >= TrainCount)
        {
            throw new RewindUserException(
                $"data.validation = {count} is out of range: {Name} has {TrainCount} training examples (after data.train_subset) " +
                $"and at least one must stay for training. Use a value from 0 to {TrainCount - 1}.");
        }

        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(SeedMix.ForTorch(SeedMix.Combine(0x5A11D, seed)));
        var perm = torch.randperm(TrainCount, generator: g);
        var (validationIndex, _) = perm.narrow(0, 0, count).sort();
        var (trainIndex, _) = perm.narrow(0, count, TrainCount - count).sort();
        validationIndex = validationIndex.to(TrainInputs.device);
        trainIndex = trainIndex.to(TrainInputs.device);
        var split = new Dataset(Name, NumClasses, InputShape,
            TrainInputs.index_select(0, trainIndex).MoveToOuterDisposeScope(),
            TrainLabels.index_select(0, trainIndex).MoveToOuterDisposeScope(),
            TestInputs.clone().MoveToOuterDisposeScope(), TestLabels.clone().MoveToOuterDisposeScope(), Source,
            TrainInputs.index_select(0, validationIndex).MoveToOuterDisposeScope(),
            TrainLabels.index_select(0, validationIndex).MoveToOuterDisposeScope());
        split.Augmentation = Augmentation;
        return split;
    }

    /// <summary>Releases the four tensors.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TrainInputs.Dispose();
        TrainLabels.Dispose();
        TestInputs.Dispose();
        TestLabels.Dispose();
        ValidationInputs?.Dispose();
        ValidationLabels?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {TrainCount} train / {(ValidationCount > 0 ? $"{ValidationCount} validation / " : "")}{TestCount} test, input [{string.Join(", ", InputShape)}], {NumClasses} classes, from {Source}" +
        (Augmentation is null ? "" : $", augmented ({Augmentation.Description})");

    private long Resolve(string field, int requested, long available, string split)
    {
        if (requested < 0 || requested > available)
        {
            throw new RewindUserException(
                $"{field} = {requested} is out of range: {Name} has {available} {split} examples. " +
                $"Use a value from 1 to {available}, or 0 for all.");
        }

        return requested == 0 ? available : requested;
    }

    private static Tensor First(Tensor t, long n)
    {
        using var view = t.narrow(0, 0, n);
        return view.clone();
    }

    private static Tensor CopyTo(Tensor t, Device device)
    {
        // `to` may alias the source when the device does not change; the copy must share nothing with this dataset.
        bool sameDevice = t.device_type == device.type &&
                          (t.device_type == DeviceType.CPU || device.index < 0 || t.device_index == device.index);
        return sameDevice ? t.clone() : t.to(device);
    }

    private static void CheckSplit(string split, long[] inputShape, Tensor inputs, Tensor labels)
    {
        if (inputs.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"{split} inputs must be float32, not {inputs.dtype}.");
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
        {
            throw new ArgumentException($"{split} labels must be a 1-D int64 tensor, got {labels.dtype} [{string.Join(", ", labels.shape)}].");
        }

        long[] expected = [labels.shape[0], .. inputShape];
        if (!inputs.shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"{split} inputs have shape [{string.Join(", ", inputs.shape)}]; expected [{string.Join(", ", expected)}].");
        }
    }
}
