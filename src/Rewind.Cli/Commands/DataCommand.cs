using System.CommandLine;
using Rewind.Data;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind data list</c> and <c>rewind data get NAME</c>.</summary>
public static class DataCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var dataDir = new Option<string?>("--data") { Description = "Extra folder to search for datasets." };
        var list = new Command("list", "Every dataset, where it was found, or how to obtain it.") { dataDir };
        list.SetAction(p =>
        {
            foreach (var name in DataCatalog.Names)
            {
                var loc = DataCatalog.Locate(name, p.GetValue(dataDir));
                output.WriteLine(!loc.Found ? $"{name,-17} missing: {loc.HowToObtain}"
                    : loc.Directory is null ? $"{name,-17} generated on demand from the run seed"
                    : $"{name,-17} found: {loc.Directory}");
            }
            return ExitCodes.Ok;
        });
        var nameArg = new Argument<string>("NAME") { Description = "Dataset name." };
        var get = new Command("get", "Obtain a dataset (fashion-mnist: Debian's dataset-fashion-mnist package).") { nameArg };
        get.SetAction(p =>
        {
            var result = DatasetAcquirer.Get(p.GetValue(nameArg)!, output);
            output.WriteLine(result.Message);
            return result.Available ? ExitCodes.Ok : ExitCodes.UserError;
        });
        return new Command("data", "Datasets: list, get.") { list, get };
    }
}
