using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Data;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind data list</c> and <c>rewind data get NAME [--from FILE|DIR|URL] [--download]</c>.</summary>
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
        var nameArg = new Argument<string>("NAME") { Description = "Dataset name (see `rewind data list`)." };
        var from = new Option<string?>("--from")
        {
            HelpName = "FILE|DIR|URL",
            Description = "Install from an archive you already have (e.g. cifar-10-binary.tar.gz), a folder holding the " +
                          "dataset's files (MNIST's four .gz files), or an http(s) address serving them.",
        };
        var download = new Option<bool>("--download")
        {
            Description = "Download fashion-mnist even when, as root, the Debian package could install it.",
        };
        var get = new Command("get",
            "Obtain a dataset into ~/.cache/rewind/datasets/NAME: mnist, fashion-mnist (Debian's package as root), cifar10, " +
            "cifar100 and tiny-imagenet are downloaded from where they are published (resumable, checksum-verified).")
        {
            nameArg, from, download,
        };
        get.SetAction(p =>
        {
            var result = DownloadDisplay.Run(output, (progress, log) => DatasetAcquirer.Get(p.GetValue(nameArg)!,
                new AcquireOptions { Log = log, Progress = progress, From = p.GetValue(from), Download = p.GetValue(download) }));
            output.WriteLine(result.Message);
            return result.Available ? ExitCodes.Ok : ExitCodes.UserError;
        });
        return new Command("data", "Datasets: list, get.") { list, get };
    }
}
