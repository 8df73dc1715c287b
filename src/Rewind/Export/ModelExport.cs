using System.Globalization;

namespace Rewind.Export;

/// <summary>The file formats a ticket ships in.</summary>
public enum ExportFormat
{
    /// <summary>ONNX (opset 17) for ONNX Runtime and other ONNX consumers; masked or compacted.</summary>
    Onnx,

    /// <summary>safetensors with PyTorch state-dict keys, masks and CSR copies of the pruned weights.</summary>
    SafeTensors,

    /// <summary>TorchSharp's <c>Module.save</c> format of the catalog model.</summary>
    TorchSharp,
}

/// <summary>
/// <c>rewind export RUN_DIR [--level N] --format onnx|safetensors|torchsharp [--compact] --out FILE</c>: writes one
/// trained level of a run in a format other tools read (issue 14), optionally compacted first (<see cref="Compaction"/>).
/// </summary>
public static class ModelExport
{
    /// <summary>Parses a format name (<c>onnx</c>, <c>safetensors</c>, <c>torchsharp</c>).</summary>
    /// <exception cref="RewindUserException">Any other name.</exception>
    public static ExportFormat ParseFormat(string name) => name?.ToLowerInvariant() switch
    {
        "onnx" => ExportFormat.Onnx,
        "safetensors" => ExportFormat.SafeTensors,
        "torchsharp" => ExportFormat.TorchSharp,
        _ => throw new RewindUserException($"--format: '{name}' is not a format. Use onnx, safetensors or torchsharp."),
    };

    /// <summary>Parses a state-dict naming (<c>torchvision</c>, <c>open_lth</c>).</summary>
    /// <exception cref="RewindUserException">Any other name.</exception>
    public static StateDictNaming ParseNaming(string name) => name?.ToLowerInvariant().Replace('-', '_') switch
    {
        "torchvision" or "rewind" => StateDictNaming.Torchvision,
        "open_lth" or "openlth" => StateDictNaming.OpenLth,
        _ => throw new RewindUserException($"--naming: '{name}' is not a naming. Use torchvision (Rewind's own names) or open_lth."),
    };

    /// <summary>The usual file extension of <paramref name="format"/>.</summary>
    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Onnx => "onnx",
        ExportFormat.SafeTensors => "safetensors",
        _ => "dat",
    };

    /// <summary>Exports level <paramref name="level"/> (null: the last) of the run in <paramref name="runDir"/> to <paramref name="outPath"/>.</summary>
    /// <exception cref="RewindUserException">A compacted export in a format that has no compacted form, or a bad run/level.</exception>
    public static ExportResult Export(string runDir, int? level, ExportFormat format, string outPath, bool compact = false,
        StateDictNaming naming = StateDictNaming.Torchvision)
    {
        ArgumentNullException.ThrowIfNull(outPath);
        if (Directory.Exists(outPath))
            throw new RewindUserException($"--out: {outPath} is a folder; give the file to write, e.g. {Path.Combine(outPath, "ticket." + Extension(format))}.");
        if (compact && format != ExportFormat.Onnx)
            throw new RewindUserException(
                $"--compact: only the onnx format holds a compacted model (its layer widths fit no PyTorch or catalog class); " +
                $"export {format.ToString().ToLowerInvariant()} without --compact, or use --format onnx.");
        using var ticket = RunTicket.Load(runDir, level);
        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run"] = ticket.Spec.Name,
            ["model"] = ticket.Spec.Model.Name,
            ["level"] = ticket.Level.ToString(CultureInfo.InvariantCulture),
            ["density"] = ticket.Summary.Density.ToString("R", CultureInfo.InvariantCulture),
            ["test_accuracy"] = ticket.Summary.TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
        };
        CompactionResult? compaction = null;
        switch (format)
        {
            case ExportFormat.Onnx:
                var graph = ticket.Graph();
                if (compact)
                {
                    compaction = Compaction.Compact(graph);
                    graph = compaction.Graph;
                }
                meta["compacted"] = compact ? "true" : "false";
                OnnxExporter.Save(graph, outPath, meta);
                break;
            case ExportFormat.SafeTensors:
                SafeTensorsExporter.Save(ticket.Model, ticket.Spec.Model.Name, ticket.Masks, outPath, naming, meta);
                break;
            case ExportFormat.TorchSharp:
                TorchSharpExporter.Save(ticket.Model, outPath);
                break;
        }
        return new ExportResult(Path.GetFullPath(outPath), format, ticket.Level, ticket.Summary.Density, new FileInfo(outPath).Length, compaction);
    }
}

/// <summary>What <see cref="ModelExport.Export"/> wrote.</summary>
/// <param name="Path">The file written.</param>
/// <param name="Format">Its format.</param>
/// <param name="Level">The level exported.</param>
/// <param name="Density">That level's density.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Compaction">Units removed per layer, when compacted.</param>
public sealed record ExportResult(string Path, ExportFormat Format, int Level, double Density, long Bytes, CompactionResult? Compaction);
