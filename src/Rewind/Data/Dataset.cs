using Rewind.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Data;

/// <summary>A classification dataset: normalised float32 inputs and int64 labels for train, test and optionally
/// validation, either held in memory as tensors or <em>streamed</em>: decoded from image files batch by batch
/// (<see cref="ImageFiles"/>) when the set is too large for memory.</summary>
/// <remarks>The dataset owns its tensors; disposing it releases them. Code that takes batches through
/// <see cref="Batches"/> and <see cref="Slice"/> works with both kinds; the input tensors themselves
/// (<see cref="TrainInputs"/>, ...) exist only for an in-memory dataset.</remarks>
public sealed class Dataset : IDisposable
{
    private readonly Tensor? _trainInputs;
    private readonly Tensor? _testInputs;
    private readonly Tensor? _validationInputs;
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
        _trainInputs = trainInputs;
        TrainLabels = trainLabels;
        _testInputs = testInputs;
        TestLabels = testLabels;
        Source = source;
        _validationInputs = validationInputs;
        ValidationLabels = validationLabels;
    }

    /// <summary>Creates a streamed dataset whose examples are decoded from image files when a batch is taken.</summary>
    /// <param name="name">The catalog name.</param>
    /// <param name="numClasses">How many classes the labels range over.</param>
    /// <param name="train">The training files.</param>
    /// <param name="test">The test files (same example shape).</param>
    /// <param name="source">Where the data came from, for reports.</param>
    /// <param name="validation">Training files held out for validation, or null.</param>
    public Dataset(string name, int numClasses, ImageFiles train, ImageFiles test, string source, ImageFiles? validation = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        foreach (var split in new[] { train, test, validation })
        {
            if (split is null) continue;
            if (!split.ExampleShape.SequenceEqual(train.ExampleShape))
                throw new ArgumentException("Every split must have the same example shape.");
            long bad = split.Labels.FirstOrDefault(l => l >= numClasses, -1);
            if (bad >= 0) throw new ArgumentException($"Label {bad} is outside 0..{numClasses - 1}.");
        }

        Name = name;
        NumClasses = numClasses;
        InputShape = train.ExampleShape;
        TrainImages = train;
        TestImages = test;
        ValidationImages = validation;
        // The dataset owns its labels, whatever dispose scope it is created in.
        TrainLabels = train.LabelTensor().DetachFromDisposeScope();
        TestLabels = test.LabelTensor().DetachFromDisposeScope();
        ValidationLabels = validation?.LabelTensor().DetachFromDisposeScope();
        Source = source;
    }

    /// <summary>The catalog name of the dataset.</summary>
    public string Name { get; }

    /// <summary>The number of classes; labels lie in 0..NumClasses-1.</summary>
    public int NumClasses { get; }

    /// <summary>The shape of one example (without the batch dimension), e.g. [1, 28, 28] or [32].</summary>
    public long[] InputShape { get; }

    /// <summary>The training inputs, float32 [TrainCount, ...InputShape], normalised.</summary>
    /// <exception cref="InvalidOperationException">The dataset is streamed (<see cref="IsStreamed"/>).</exception>
    public Tensor TrainInputs => _trainInputs ?? throw StreamedError();

    /// <summary>The training labels, int64 [TrainCount].</summary>
    public Tensor TrainLabels { get; private set; }

    /// <summary>The test inputs, float32 [TestCount, ...InputShape], normalised.</summary>
    /// <exception cref="InvalidOperationException">The dataset is streamed (<see cref="IsStreamed"/>).</exception>
    public Tensor TestInputs => _testInputs ?? throw StreamedError();

    /// <summary>The test labels, int64 [TestCount].</summary>
    public Tensor TestLabels { get; private set; }

    /// <summary>The validation inputs held out from the training set (see <see cref="HoldOut"/>), or null.</summary>
    /// <exception cref="InvalidOperationException">The dataset is streamed and has a validation set.</exception>
    public Tensor? ValidationInputs => _validationInputs ?? (ValidationImages is null ? null : throw StreamedError());

    /// <summary>The validation labels, or null.</summary>
    public Tensor? ValidationLabels { get; private set; }

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

    /// <summary>Whether the examples are decoded from files batch by batch rather than held in memory.</summary>
    public bool IsStreamed => TrainImages is not null;

    /// <summary>The training files of a streamed dataset, or null.</summary>
    public ImageFiles? TrainImages { get; }

    /// <summary>The test files of a streamed dataset, or null.</summary>
    public ImageFiles? TestImages { get; }

    /// <summary>The validation files of a streamed dataset with a validation set, or null.</summary>
    public ImageFiles? ValidationImages { get; }

    /// <summary>The device the tensors live on (streamed examples are moved there as they are decoded).</summary>
    public Device Device => TrainLabels.device;

    /// <summary>The number of examples of <paramref name="split"/>.</summary>
    public long Count(DataSplit split) => split switch
    {
        DataSplit.Train => TrainCount,
        DataSplit.Validation => ValidationCount,
        _ => TestCount,
    };

    /// <summary>
    /// Examples <paramref name="start"/>..start+length−1 of <paramref name="split"/> in stored order, never augmented
    /// (for evaluation): views of the tensors of an in-memory dataset, freshly decoded examples of a streamed one.
    /// The caller disposes the two tensors.
    /// </summary>
    public (Tensor Inputs, Tensor Labels) Slice(DataSplit split, long start, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long count = Count(split);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, count);
        Tensor labels = split switch
        {
            DataSplit.Train => TrainLabels,
            DataSplit.Validation => ValidationLabels!,
            _ => TestLabels,
        };
        ImageFiles? files = split switch
        {
            DataSplit.Train => TrainImages,
            DataSplit.Validation => ValidationImages,
            _ => TestImages,
        };
        if (files is null)
        {
            Tensor inputs = split switch
            {
                DataSplit.Train => TrainInputs,
                DataSplit.Validation => ValidationInputs!,
                _ => TestInputs,
            };
            return (inputs.narrow(0, start, length), labels.narrow(0, start, length));
        }

        long[] indices = Enumerable.Range(0, (int)length).Select(i => start + i).ToArray();
        return (Decoded(files, indices, null), labels.narrow(0, start, length));
    }

    /// <summary>Decodes <paramref name="indices"/> of a streamed split onto this dataset's device.</summary>
    internal Tensor Decoded(ImageFiles files, IReadOnlyList<long> indices, ulong? drawKey)
    {
        var x = files.Load(indices, drawKey);
        if (x.device_type == Device.type && (Device.type == DeviceType.CPU || x.device_index == Device.index)) return x;
        using (x) return x.to(Device);
    }

    /// <summary>Returns an independent copy of this dataset on <paramref name="device"/> (the caller disposes it).</summary>
    public Dataset To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsStreamed)
        {
            var moved = new Dataset(Name, NumClasses, TrainImages!, TestImages!, Source, ValidationImages) { Augmentation = Augmentation };
            moved.TrainLabels.Dispose();
            moved.TestLabels.Dispose();
            moved.ValidationLabels?.Dispose();
            moved.TrainLabels = CopyTo(TrainLabels, device);
            moved.TestLabels = CopyTo(TestLabels, device);
            moved.ValidationLabels = ValidationLabels is null ? null : CopyTo(ValidationLabels, device);
            return moved;
        }

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
        if (IsStreamed)
        {
            var streamed = new Dataset(Name, NumClasses, TrainImages!.First((int)train), TestImages!.First((int)test), Source,
                ValidationImages)
            { Augmentation = Augmentation };
            return OnDevice(streamed);
        }

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
        if (IsStreamed)
        {
            var held = new Dataset(Name, NumClasses, TrainImages!.Select(trainIndex.data<long>().ToArray()), TestImages!, Source,
                TrainImages.Select(validationIndex.data<long>().ToArray()))
            { Augmentation = Augmentation };
            return OnDevice(held);
        }

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
        _trainInputs?.Dispose();
        TrainLabels.Dispose();
        _testInputs?.Dispose();
        TestLabels.Dispose();
        _validationInputs?.Dispose();
        ValidationLabels?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {TrainCount} train / {(ValidationCount > 0 ? $"{ValidationCount} validation / " : "")}{TestCount} test, input [{string.Join(", ", InputShape)}], {NumClasses} classes, from {Source}" +
        (TrainImages is null ? "" : $", streamed from disk ({TrainImages.Transform.Description})") +
        (Augmentation is null ? "" : $", augmented ({Augmentation.Description})");

    /// <summary>A copy of a streamed dataset's labels on this dataset's device (the split constructors make them on the CPU).</summary>
    private Dataset OnDevice(Dataset streamed)
    {
        if (Device.type == DeviceType.CPU) return streamed;
        using (streamed) return streamed.To(Device);
    }

    private InvalidOperationException StreamedError() =>
        new($"Dataset '{Name}' is streamed from disk and holds no input tensors; take examples with Batches.Take or Dataset.Slice.");

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
