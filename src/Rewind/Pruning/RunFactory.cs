using System.Collections.Concurrent;
using System.Security.Cryptography;
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
        LocateData(spec); // a folder named by data.dir is used alone: an incomplete one is an error, never a fallback
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

    /// <summary>
    /// Where the spec's dataset is read from (null for generated data). A folder named by <c>data.dir</c> must hold the
    /// complete dataset itself (directly or in a <c>&lt;name&gt;/</c> subfolder): otherwise this is a user error naming
    /// the missing files — Rewind never falls back to another copy while the spec records that folder.
    /// </summary>
    public static DatasetLocation? LocateData(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (DataCatalog.IsGenerated(spec.Data.Name)) return null;
        var paths = DataSearchPaths.FromEnvironment(string.IsNullOrEmpty(spec.Data.Dir) ? null : spec.Data.Dir);
        var location = DataCatalog.LocateIn(spec.Data.Name, paths);
        if (paths.ExplicitDir is not { } dir || (location.Found && location.Directory is { } found && IsInside(found, dir)))
            return location;
        var own = location with { Found = false, Directory = null, Searched = location.Searched.Where(f => IsInside(f, dir)).ToList() };
        var folders = own.Searched.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateDirectories(f))
            .Where(d => DataCatalog.IdxFileNames.Concat(DataCatalog.Cifar10FileNames).Concat(DataCatalog.Cifar100FileNames)
                .Any(n => Path.GetFileName(d) is var x && (x == n || x == n + ".gz")))
            .Select(d => $"{d} is a folder where a file is expected.");
        throw new RewindUserException(
            $"data.dir: {spec.Data.Dir} is not a complete '{spec.Data.Name}' dataset. A folder named by data.dir is used " +
            "alone (Rewind does not fall back to another copy, which the run would then misrecord).\n" +
            string.Join("\n", folders.Append(DataCatalog.NotFoundMessage(own))));
    }

    /// <summary>The files the spec's dataset is read from, with size and SHA-256 (empty for generated data), for <see cref="RunStore.CheckData"/>.</summary>
    public static DataRecord DataRecordOf(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (LocateData(spec) is not { Directory: { } folder } location) return new DataRecord(spec.Data.Name, []);
        IReadOnlyList<string> files = location.Name switch
        {
            DataCatalog.Cifar10 => DataCatalog.Cifar10FileNames.Select(f => Path.Combine(folder, f)).ToList(),
            DataCatalog.Cifar100 => DataCatalog.Cifar100FileNames.Select(f => Path.Combine(folder, f)).ToList(),
            _ => DataCatalog.ResolveFiles(folder) ?? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList(),
        };
        return new DataRecord(location.Name, files.Select(f =>
        {
            var full = Path.GetFullPath(f);
            using var stream = File.OpenRead(full);
            return new DataFile(full, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }).ToList());
    }

    private static bool IsInside(string path, string folder)
    {
        var p = Path.GetFullPath(path).TrimEnd('/');
        var f = Path.GetFullPath(folder).TrimEnd('/');
        return p == f || p.StartsWith(f + "/", StringComparison.Ordinal);
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
