using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Data;
using Rewind.Experiments;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind demo</c>: IMP vs WR vs LRR on Fashion-MNIST with LeNet-300-100; obtains the data if needed.</summary>
public static class DemoCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var outOpt = CommonOptions.Out();
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds.", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var cmd = new Command("demo", "Compare IMP, WR and LRR on Fashion-MNIST / LeNet-300-100 (minutes on 2 cores).") { outOpt, seeds, threads };
        var execution = new ExecutorOptions();
        execution.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var choice = execution.Read(p);
            if (!DataCatalog.Locate("fashion-mnist", (string?)null).Found)
            {
                var got = DatasetAcquirer.Get("fashion-mnist", output);
                if (!DataCatalog.Locate("fashion-mnist", (string?)null).Found)
                    throw new RewindUserException("The demo needs Fashion-MNIST. " + got.Message);
            }
            var (study, definition) = Demo.Definition(Math.Max(1, p.GetValue(seeds)), p.GetValue(threads) ?? 0);
            return StudyProgress.Run(output, study, definition, p.GetValue(outOpt) ?? CommonOptions.DefaultOut("demo"), choice);
        });
        return cmd;
    }
}
