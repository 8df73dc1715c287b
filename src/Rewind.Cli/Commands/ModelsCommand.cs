using System.CommandLine;
using System.Globalization;
using Rewind.Models;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind models</c>: the model catalog with parameter counts.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("models", "List the models with their parameter counts (for 28×28 inputs, 10 classes).");
        cmd.SetAction(_ =>
        {
            foreach (var f in ModelCatalog.Families) output.WriteLine($"{f.Name,-22} {f.Description}");
            output.WriteLine();
            output.WriteLine($"{"example",-22} {"parameters",12}");
            foreach (var name in ModelCatalog.Examples)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-22} {ModelCatalog.ParameterCount(name, [1, 28, 28], 10),12:N0}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
