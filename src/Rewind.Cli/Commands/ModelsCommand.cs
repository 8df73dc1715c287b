using System.CommandLine;
using System.Globalization;
using Rewind.Models;
using Rewind.Sparsity;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind models</c>: the model catalog with total and prunable parameter counts.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("models",
            "List the model families and, for each example on the data it is meant for, its total and prunable parameter counts.");
        cmd.SetAction(_ =>
        {
            foreach (var f in ModelCatalog.Families) output.WriteLine($"{f.Name,-24} {f.Description}");
            output.WriteLine();
            output.WriteLine($"{"example",-20} {"data",-28} {"parameters",12} {"prunable",12}");
            foreach (var e in ModelCatalog.ExampleSettings)
            {
                var size = ModelSize.Of(e.Name, e.InputShape, e.Classes);
                string data = $"{e.Data} {string.Join('×', e.InputShape)}, {e.Classes}";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Name,-20} {data,-28} {size.Total,12:N0} {size.Prunable,12:N0}"));
            }
            output.WriteLine();
            output.WriteLine(Prunable.Rule + ".");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
