using Rewind.Data;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>
/// One trained level of a run, loaded for shipping: the catalog model with the level's weights (pruned weights
/// exactly 0), its masks, and what the run says about it. The only place the export code reads the run layer
/// (<see cref="RunStore"/>, <see cref="Checkpoint"/>, <see cref="RunFactory.LoadData"/>), so a change
/// there is mended here.
/// </summary>
public sealed class RunTicket : IDisposable
{
    private RunTicket(string root, RunSpec spec, int level, nn.Module<Tensor, Tensor> model, Dictionary<string, Tensor> masks,
        long[] inputShape, int classes, LevelSummary summary, string checkpointPath)
    {
        Root = root;
        Spec = spec;
        Level = level;
        Model = model;
        Masks = masks;
        InputShape = inputShape;
        Classes = classes;
        Summary = summary;
        CheckpointPath = checkpointPath;
    }

    /// <summary>The run folder.</summary>
    public string Root { get; }

    /// <summary>The run's resolved spec.</summary>
    public RunSpec Spec { get; }

    /// <summary>The level loaded.</summary>
    public int Level { get; }

    /// <summary>The model in eval mode, the level's weights loaded and multiplied by the masks.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Float 0/1 masks by parameter name (<c>fc1.weight</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Masks { get; }

    /// <summary>Shape of one example.</summary>
    public long[] InputShape { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>The level's summary (density, accuracy).</summary>
    public LevelSummary Summary { get; }

    /// <summary>The file the weights came from (<c>levels/NN/final.safetensors</c>).</summary>
    public string CheckpointPath { get; }

    /// <summary>The inference graph of the masked model.</summary>
    public NetworkGraph Graph() => GraphBuilder.FromModel(Model, Spec.Model.Name, InputShape, Classes, Masks);

    /// <summary>Finished levels of the run in <paramref name="runDir"/>, in order.</summary>
    public static IReadOnlyList<LevelSummary> Levels(string runDir) => Open(runDir).CompletedLevels();

    /// <summary>Loads level <paramref name="level"/> (null: the last finished one) of the run in <paramref name="runDir"/>.</summary>
    /// <exception cref="RewindUserException">No such run or level, or a checkpoint that does not fit the run's model.</exception>
    public static RunTicket Load(string runDir, int? level = null)
    {
        var dir = Open(runDir);
        var levels = dir.CompletedLevels();
        if (levels.Count == 0)
            throw new RewindUserException($"{runDir}: no finished level yet, so there is no trained model to ship.");
        int chosen = level ?? levels[^1].Level;
        if (chosen < 0 || chosen >= levels.Count)
            throw new RewindUserException(
                $"--level {chosen}: {runDir} has finished levels 0 to {levels.Count - 1}. Choose one of them (default: the last).");
        var path = dir.FinalPath(chosen);
        var (shape, classes) = Shape(dir.Spec);
        var model = ModelCatalog.Create(dir.Spec.Model.Name, shape, classes, dir.Spec.Seed);
        var masks = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var ckpt = Checkpoint.Load(path);
            using (no_grad())
            {
                foreach (var (name, t) in model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers()))
                {
                    if (!ckpt.Model.TryGetValue(name, out var src) || !src.shape.SequenceEqual(t.shape))
                        throw new RewindUserException($"{path}: no tensor {name} of shape [{string.Join(", ", t.shape)}]; the checkpoint does not belong to this run's model.");
                    t.copy_(src);
                }
                var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
                foreach (var (name, m) in ckpt.Mask)
                {
                    if (!parameters.TryGetValue(name, out var p))
                        throw new RewindUserException($"{path}: a mask for {name}, which the run's model does not have.");
                    masks[name] = m.clone().DetachFromDisposeScope();
                    p.mul_(masks[name]);
                }
            }
        }
        catch
        {
            foreach (var m in masks.Values) m.Dispose();
            model.Dispose();
            throw;
        }
        model.eval();
        return new RunTicket(dir.Root, dir.Spec, chosen, model, masks, shape, classes, levels[chosen], path);
    }

    /// <summary>The run's test set (as the run saw it: <c>data.test_subset</c> applied), on the CPU; the caller disposes it.</summary>
    public static Dataset TestData(RunSpec spec) => RunFactory.LoadData(spec, CPU);

    /// <summary>The test set of this ticket's run.</summary>
    public Dataset TestData() => TestData(Spec);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var m in Masks.Values) m.Dispose();
        Model.Dispose();
    }

    private static RunStore Open(string runDir)
    {
        if (!Directory.Exists(runDir))
            throw new RewindUserException($"{runDir}: no such run folder. Give the folder of a run (the --out of `rewind run`).");
        return RunStore.Open(runDir);
    }

    /// <summary>Example shape and class count of the run's dataset, loaded once per dataset and process (the benchmark
    /// opens every level of a run).</summary>
    private static (long[] Shape, int Classes) Shape(RunSpec spec)
    {
        string key = $"{spec.Data.Name}|{spec.Data.Dir}|{spec.Seed}";
        lock (Shapes)
        {
            if (Shapes.TryGetValue(key, out var known)) return ((long[])known.Shape.Clone(), known.Classes);
        }
        using var data = RunFactory.LoadData(spec with { Data = spec.Data with { Validation = 0, TrainSubset = 0, TestSubset = 0 } }, CPU);
        lock (Shapes) Shapes[key] = (data.InputShape, data.NumClasses);
        return ((long[])data.InputShape.Clone(), data.NumClasses);
    }

    private static readonly Dictionary<string, (long[] Shape, int Classes)> Shapes = new(StringComparer.Ordinal);
}
