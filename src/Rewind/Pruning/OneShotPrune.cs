using System.Globalization;
using Rewind.Models;
using Rewind.Pruning;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Storage;
using Rewind.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// <c>rewind prune CHECKPOINT --scorer S --density D --out DIR</c>: scores a stored model with any criterion and
/// prunes it once to an absolute density, writing <c>mask.safetensors</c> and <c>layers.csv</c>. CHECKPOINT is a
/// run's <c>levels/NN/final.safetensors</c> (or <c>checkpoint.safetensors</c>), whose run <c>spec.yaml</c> two
/// folders up rebuilds the model and data, or a run folder (its last finished level). Pruning starts from the
/// checkpoint's own mask (masks stay nested) and uses the run's seeds and <c>pruning.*</c> settings as level NN+1
/// would, so pruning level L to level L+1's density with the run's scorer reproduces the run's own mask.
/// </summary>
public static class OneShotPrune
{
    /// <summary>Prunes <paramref name="checkpoint"/> to <paramref name="density"/> with <paramref name="scorer"/>
    /// (null: the run's <c>pruning.scorer</c>); <paramref name="overrides"/> are <c>--set</c> keys applied to the run's spec.</summary>
    public static OneShotPruneResult Run(string checkpoint, string? scorer, double density, string outDir, IReadOnlyList<string>? overrides = null)
    {
        if (density is <= 0 or > 1 || double.IsNaN(density))
            throw new RewindUserException($"--density: {density.ToString(CultureInfo.InvariantCulture)} is outside (0, 1]; give the fraction of weights to keep, e.g. 0.2.");
        var (checkpointPath, specPath) = Locate(checkpoint);
        var spec = SpecLoader.FromYaml(File.ReadAllText(specPath), specPath, overrides ?? []);
        if (scorer is not null) spec = spec with { Pruning = spec.Pruning with { Scorer = scorer } };
        var scorerName = spec.Pruning.Scorer;
        LevelPruning.Scorer(spec.Pruning); // unknown names fail before any loading

        if (spec.Threads > 0) set_num_threads(spec.Threads);
        var device = Devices.Resolve(spec.Device);
        using var data = RunFactory.LoadData(spec, device);
        using var ckpt = Checkpoint.Load(checkpointPath);
        using var model = ModelCatalog.Create(spec.Model.Name, data.InputShape, data.NumClasses, spec.Seed);
        model.to(device);
        Restore(model, ckpt, checkpointPath);
        var prunable = Prunable.Of(model, spec.Pruning.KeepOutputDense);
        foreach (var p in prunable)
            if (!ckpt.Mask.ContainsKey(p.Name))
                throw new RewindUserException($"{checkpointPath}: no mask for {p.Name}; the checkpoint does not match {specPath}.");
        using var current = MaskSet.FromTensors(prunable.Select(p => new KeyValuePair<string, Tensor>(p.Name, ckpt.Mask[p.Name])), device);
        if (density > current.Density + 1e-12)
            throw new RewindUserException(string.Create(CultureInfo.InvariantCulture,
                $"--density: {density} is above the checkpoint's density {current.Density:0.######}; pruning cannot bring weights back. Choose a density of at most {current.Density:0.######}."));

        int level = ckpt.Level + 1;
        var context = LevelPruning.Context(model, prunable, current, spec, level, data, density);
        using var next = LevelPruning.Next(context, spec.Pruning, density, scorerName);

        Directory.CreateDirectory(outDir);
        var maskPath = Path.Combine(outDir, "mask.safetensors");
        var bytes = next.Masks.Select(m => new KeyValuePair<string, Tensor>(m.Name, m.Mask.to(ScalarType.Byte))).ToList();
        try
        {
            SafeTensors.Save(maskPath, bytes, new Dictionary<string, string>
            {
                ["format"] = "rewind-mask",
                ["checkpoint"] = Path.GetFullPath(checkpointPath),
                ["scorer"] = scorerName,
                ["target_density"] = density.ToString("R", CultureInfo.InvariantCulture),
                ["density"] = next.Density.ToString("R", CultureInfo.InvariantCulture),
            });
        }
        finally { foreach (var (_, t) in bytes) t.Dispose(); }
        var layersPath = Path.Combine(outDir, "layers.csv");
        AtomicFile.WriteAllText(layersPath, LayerTable.ToCsv(next));
        var warning = LevelPruning.CollapseWarning(current, next, $"pruning {checkpoint} with {scorerName}");
        return new OneShotPruneResult(checkpointPath, scorerName, maskPath, layersPath, next.Density, LayerTable.Format(next),
            warning is null ? [] : [warning]);
    }

    /// <summary>The checkpoint file and its run's <c>spec.yaml</c>.</summary>
    internal static (string Checkpoint, string Spec) Locate(string path)
    {
        if (Directory.Exists(path))
        {
            var run = RunStore.Open(path);
            var levels = run.CompletedLevels();
            if (levels.Count == 0)
                throw new RewindUserException($"{path}: no finished level yet, so there is no trained model to prune.");
            return (run.FinalPath(levels[^1].Level), run.SpecPath);
        }
        if (!File.Exists(path))
            throw new RewindUserException($"{path}: no such checkpoint. Give a run's levels/NN/final.safetensors or a run folder.");
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path))));
        var spec = root is null ? null : Path.Combine(root, "spec.yaml");
        if (spec is null || !File.Exists(spec))
            throw new RewindUserException(
                $"{path}: expected the run's spec.yaml two folders up (at {spec ?? "?"}) to rebuild the model; give a checkpoint inside a run folder (levels/NN/final.safetensors).");
        return (path, spec);
    }

    private static void Restore(nn.Module model, Checkpoint ckpt, string path)
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers()))
        {
            if (!ckpt.Model.TryGetValue(name, out var src))
                throw new RewindUserException($"{path}: the checkpoint has no tensor {name}; it does not belong to this run's model.");
            if (!src.shape.SequenceEqual(t.shape))
                throw new RewindUserException($"{path}: {name} has shape [{string.Join(", ", src.shape)}] but the model expects [{string.Join(", ", t.shape)}].");
            t.copy_(src);
        }
    }
}
