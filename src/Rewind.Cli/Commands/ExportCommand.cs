using System.CommandLine;
using System.Globalization;
using Rewind.Export;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind export RUN_DIR [--level N] --format onnx|safetensors|torchsharp [--compact] --out FILE</c>.</summary>
public static class ExportCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var run = new Argument<string>("RUN_DIR") { Description = "A run folder (the --out of `rewind run`)." };
        var level = new Option<int?>("--level") { Description = "Level to export (default: the last finished one)." };
        var format = new Option<string>("--format")
        {
            Description = "onnx (ONNX Runtime, opset 17), safetensors (PyTorch state dict + masks + CSR), torchsharp (Module.save).",
            Required = true,
        };
        var compact = new Option<bool>("--compact") { Description = "Remove dead units first (onnx only); prints what was removed per layer." };
        var naming = new Option<string>("--naming")
        {
            Description = "safetensors keys: torchvision (Rewind's names, torchvision's for ResNets) or open_lth.",
            DefaultValueFactory = _ => "torchvision",
        };
        var outOpt = new Option<string>("--out", "-o") { Description = "The file to write.", Required = true };
        var cmd = new Command("export", "Write one level of a run as ONNX, safetensors (PyTorch) or TorchSharp file.")
            { run, level, format, compact, naming, outOpt };
        cmd.SetAction(p =>
        {
            var result = ModelExport.Export(p.GetValue(run)!, p.GetValue(level), ModelExport.ParseFormat(p.GetValue(format)!),
                p.GetValue(outOpt)!, p.GetValue(compact), ModelExport.ParseNaming(p.GetValue(naming)!));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Level {result.Level} (density {result.Density:P2}) → {result.Path} ({result.Bytes:N0} bytes, {result.Format.ToString().ToLowerInvariant()})"));
            if (result.Compaction is { } c)
            {
                output.WriteLine();
                output.Write(CompactionTable.Format(c));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
