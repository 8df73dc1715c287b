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
        var cmd = new Command("models",
            "List the models with their parameter counts for 10 classes and 1×28×28 (Fashion-MNIST) or 3×32×32 (CIFAR) inputs.");
        cmd.SetAction(_ =>
        {
            foreach (var f in ModelCatalog.Families) output.WriteLine($"{f.Name,-22} {f.Description}");
            output.WriteLine();
            output.WriteLine($"{"example",-22} {"1x28x28",12} {"3x32x32",12}");
            foreach (var name in ModelCatalog.Examples)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-22} {ModelCatalog.ParameterCount(name, [1, 28, 28], 10),12:N0} {ModelCatalog.ParameterCount(name, [3, 32, 32], 10),12:N0}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
