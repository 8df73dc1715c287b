using System.CommandLine;
using System.Globalization;
using Rewind.Experiments;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Schedules;
using Rewind.Specs;
using static TorchSharp.torch;

namespace Rewind.Cli.Commands;

/// <summary>
/// <c>rewind schedule silo …</c> (SILO's max_lr per level, Paper B Eq. 3) and <c>rewind schedule show SPEC</c> (the
/// learning rate at every step of every level of a spec): see a schedule before spending compute.
/// </summary>
public static class ScheduleCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var cmd = new Command("schedule", "Show learning-rate schedules without training: SILO's peak per level, or every step of a spec.")
        {
            Silo(output), Show(output),
        };
        return cmd;
    }

    private static Command Silo(TextWriter output)
    {
        var epsilon = new Option<double>("--epsilon", "--eps") { Description = "ε: the dense network's peak LR (Paper B: 0.03 ResNet-20, 0.04 VGG-19).", Required = true };
        var delta = new Option<double>("--delta") { Description = "δ: the growth; the peak tends to ε + δ (Paper B: 0.04, 0.06).", Required = true };
        var rate = new Option<double>("--rate", "-p") { Description = "p: fraction of the remaining weights pruned per level.", DefaultValueFactory = _ => 0.2 };
        var q = new Option<int>("--q") { Description = "q: pruned levels that keep ε before the growth.", DefaultValueFactory = _ => 1 };
        var beta = new Option<double>("--beta") { Description = "β: steepness of the S-curve.", DefaultValueFactory = _ => 5 };
        var levels = new Option<int>("--levels") { Description = "Last level m to print (Paper B: 25).", DefaultValueFactory = _ => 25 };
        var plot = new Option<string?>("--plot") { Description = "Also draw max_lr against the level into this PNG file." };
        var header = new Option<bool>("--header") { Description = "Print a header line before the rows." };
        var cmd = new Command("silo",
            "SILO's max_lr per level (Paper B Eq. 3, Algorithm 1 corrected): one row per level m = 0..levels with " +
            "m, percent of weights remaining 100·(1−p)^m, and max_lr in full double precision (last column).")
            { epsilon, delta, rate, q, beta, levels, plot, header };
        cmd.SetAction(p =>
        {
            int last = p.GetValue(levels);
            double r = p.GetValue(rate);
            if (last < 0) throw new RewindUserException($"--levels: {last} is not a number of levels; use 0 or more (Paper B: 25).");
            if (p.GetValue(q) < 0) throw new RewindUserException($"--q: {p.GetValue(q)} is not allowed; q counts levels, so it is 0 or more (Paper B: 1).");
            Check("--epsilon", p.GetValue(epsilon), x => x > 0, "a learning rate > 0 (Paper B: 0.03 for ResNet-20)");
            Check("--delta", p.GetValue(delta), x => x >= 0, "a growth ≥ 0 (Paper B: 0.04 for ResNet-20)");
            Check("--rate", r, x => x > 0 && x < 1, "a fraction strictly between 0 and 1 (Paper B: 0.2)");
            Check("--beta", p.GetValue(beta), x => x > 0, "a steepness > 0 (Paper B: 5; tune in [3, 6])");
            var silo = new SiloPeak(p.GetValue(epsilon), p.GetValue(delta), r, p.GetValue(q), p.GetValue(beta));
            var rows = PeakRow.Table(silo, r, last);
            if (p.GetValue(header)) output.WriteLine($"{"m",3} {"remaining_%",12} max_lr");
            foreach (var row in rows)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Level,3} {row.PercentRemaining.ToString("0.######", CultureInfo.InvariantCulture),12} {row.Peak:R}"));
            if (p.GetValue(plot) is { } file)
            {
                var title = string.Create(CultureInfo.InvariantCulture,
                    $"SILO max_lr: ε {silo.Epsilon}, δ {silo.Delta}, p {silo.PruningRate}, q {silo.Q}, β {silo.Beta}");
                StudyCharts.Lines(file, title, "pruning level m", "max_lr",
                    [new LineSeries("SILO", rows.Select(x => (double)x.Level).ToArray(), rows.Select(x => x.Peak).ToArray())]);
                System.Console.Error.WriteLine($"Plot: {Path.GetFullPath(file)}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Show(TextWriter output)
    {
        var specArg = new Argument<string>("SPEC") { Description = "Run spec (YAML)." };
        var set = CommonOptions.Set();
        var plot = new Option<string?>("--plot") { Description = "Draw the learning rate over every step of every level into this PNG file." };
        var cmd = new Command("show",
            "The learning rate a spec uses at every step of every level: a table per level (peak, steps, first/last/min/max LR) " +
            "and, with --plot, the whole curve. Loads the dataset only to count its batches.")
            { specArg, set, plot };
        cmd.SetAction(p =>
        {
            var spec = SpecLoader.Load(p.GetValue(specArg)!, p.GetValue(set)!);
            var trace = ScheduleTrace.Of(spec);
            var first = trace.Levels[0];
            output.WriteLine($"{spec.Name}: schedule {spec.Schedule.Name}, peak {PeakSchedules.Describe(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate)}, " +
                             $"{first.TotalSteps} steps per level ({first.StepsPerEpoch} per epoch of {RunFactory.TrainCount(spec)} examples)");
            output.WriteLine($"{"level",5} {"density_%",10} {"peak",22} {"first",12} {"last",12} {"min",12} {"max",12}");
            foreach (var r in trace.Rows())
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Level,5} {r.Density * 100,10:0.####} {r.Peak,22:R} {r.First,12:G6} {r.Last,12:G6} {r.Min,12:G6} {r.Max,12:G6}"));
            if (!trace.PeaksKnown)
                output.WriteLine("Adaptive peaks are chosen during the run from measured statistics; levels are shown at optimizer.lr.");
            if (p.GetValue(plot) is { } file)
            {
                StudyCharts.LearningRateTrace(file, $"{spec.Name}: {spec.Schedule.Name}, peak {spec.Peak.Name}", trace.Points(), trace.LevelStarts);
                output.WriteLine($"Plot: {Path.GetFullPath(file)}");
            }
            else
            {
                output.WriteLine("Add --plot FILE.png to draw the learning rate over every step.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Check(string option, double value, Func<double, bool> ok, string allowed)
    {
        if (!double.IsFinite(value) || !ok(value))
            throw new RewindUserException($"{option}: {value.ToString("R", CultureInfo.InvariantCulture)} is not allowed; it must be {allowed}.");
    }
}
