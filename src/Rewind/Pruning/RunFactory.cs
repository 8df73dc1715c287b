using System.Collections.Concurrent;
using Rewind.Data;
using Rewind.Models;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>Turns a spec into the objects a run trains with: its data, its network at θ(0), its device.</summary>
public static class RunFactory
{
    private static readonly ConcurrentDictionary<DataSpec, long> TrainCounts = new();

    /// <summary>
    /// The run's data: the named dataset, cut to <c>data.train_subset</c>/<c>data.test_subset</c>, with
    /// <c>data.validation</c> training examples held out by the run's seed, on <paramref name="device"/>.
    /// </summary>
    public static Dataset LoadData(RunSpec spec, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var full = DataCatalog.Load(spec.Data.Name, string.IsNullOrEmpty(spec.Data.Dir) ? null : spec.Data.Dir, spec.Seed,
            new Data.Images.ImageOptions(spec.Data.ImageSize, Enum.Parse<Data.Images.StreamMode>(spec.Data.Stream, ignoreCase: true)));
        if (!spec.Data.Augment) full.Augmentation = null;
        var data = full;
        if (spec.Data.TrainSubset > 0 || spec.Data.TestSubset > 0)
        {
            data = full.Subset(spec.Data.TrainSubset, spec.Data.TestSubset);
            full.Dispose();
        }
        if (spec.Data.Validation > 0)
        {
            var split = data.HoldOut(spec.Data.Validation, spec.Seed);
            data.Dispose();
            data = split;
        }
        if (device.type == DeviceType.CPU) return data;
        var moved = data.To(device);
        data.Dispose();
        return moved;
    }

    /// <summary>Training examples of <paramref name="spec"/> after subsetting and the validation hold-out (the data is loaded once per process and data section).</summary>
    public static long TrainCount(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TrainCounts.GetOrAdd(spec.Data, _ =>
        {
            using var data = LoadData(spec, CPU);
            return data.TrainCount;
        });
    }

    /// <summary>Optimizer steps in one epoch of <paramref name="spec"/>'s training set.</summary>
    public static long StepsPerEpoch(RunSpec spec) => Batches.BatchesPerEpoch(TrainCount(spec), spec.Training.BatchSize);

    /// <summary>θ(0) of the spec's model on <paramref name="device"/>, all-ones masks and a fresh optimizer.</summary>
    public static TrainingState NewState(RunSpec spec, Dataset data, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var model = ModelCatalog.Create(spec.Model.Name, data.InputShape, data.NumClasses, spec.Seed);
        model.to(device);
        var prunable = Prunable.Of(model, spec.Pruning.KeepOutputDense);
        return new TrainingState(model, prunable, MaskSet.AllOnes(prunable), Optimizers.Create(spec.Optimizer, model));
    }
}
