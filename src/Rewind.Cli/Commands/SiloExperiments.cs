using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Experiments;
using Rewind.Experiments.Silo;
using Rewind.Specs;

namespace Rewind.Cli.Commands;

/// <summary>
/// The SILO studies of Paper B as <c>rewind experiment</c> subcommands: <c>schedules</c>, <c>silo-sensitivity</c>,
/// <c>oracle</c>, <c>gradient-narrowing</c> and <c>silo-theory</c>. Each runs a list of resumable runs (rerun the same
/// command to continue) and writes <c>report.md</c>, CSV and PNG into <c>--out</c>.
/// </summary>
public static class SiloExperiments
{
    /// <summary>The subcommands.</summary>
    public static IEnumerable<Command> Create(TextWriter output)
    {
        yield return Schedules(output);
        yield return Sensitivity(output);
        yield return Oracle(output);
        yield return GradientNarrowing(output);
        yield return Theory(output);
    }

    private sealed record Common(Option<string?> Spec, Option<string[]> Set, Option<int> Seeds, Option<string?> Out, Option<int?> Threads)
    {
        public static Common Add(Command cmd, int defaultSeeds)
        {
            var c = new Common(
                new Option<string?>("--spec") { Description = "Base spec: a YAML file or a preset name, e.g. silo-resnet20-cifar10; default: the CPU-sized LeNet-300-100 / Fashion-MNIST base (presets/silo-lenet-fashion-mnist.yaml)." },
                new Option<string[]>("--set")
                {
                    Description = "Override a key of the base spec (key=value), or of one arm only (ARM:key=value, e.g. constant:optimizer.lr=0.01). Repeatable.",
                    DefaultValueFactory = _ => [],
                    Arity = ArgumentArity.ZeroOrMore,
                },
                new Option<int>("--seeds") { Description = "Number of seeds (the base spec's seed and the next ones).", DefaultValueFactory = _ => defaultSeeds },
                CommonOptions.Out(),
                CommonOptions.Threads());
            cmd.Add(c.Spec);
            cmd.Add(c.Set);
            cmd.Add(c.Seeds);
            cmd.Add(c.Out);
            cmd.Add(c.Threads);
            return c;
        }

        public StudySettings Settings(ParseResult p, string study)
        {
            var all = p.GetValue(Set)!;
            var plain = all.Where(o => !IsArmOverride(o)).ToList();
            var arms = all.Where(IsArmOverride).ToList();
            if (p.GetValue(Threads) is int t) plain.Add($"threads={t}");
            var spec = p.GetValue(Spec) is { } file
                ? SpecLoader.Load(File.Exists(file) || file.Contains('/') || file.EndsWith(".yaml", StringComparison.Ordinal)
                    ? file : Presets.PathOf(file), plain) // a file, or a preset's name
                : SiloStudy.DefaultBase(plain);
            int n = p.GetValue(Seeds);
            if (n < 1) throw new RewindUserException($"--seeds: {n} is not a number of seeds; use 1 or more.");
            var outDir = p.GetValue(Out) ?? CommonOptions.DefaultOut($"{spec.Name}-{study}");
            return new StudySettings(spec, Enumerable.Range(spec.Seed, n).ToList(), outDir, arms);
        }

        private static bool IsArmOverride(string o)
        {
            int colon = o.IndexOf(':', StringComparison.Ordinal), eq = o.IndexOf('=', StringComparison.Ordinal);
            return colon > 0 && (eq < 0 || colon < eq);
        }
    }

    private static Command Schedules(TextWriter output)
    {
        var cmd = new Command(ScheduleStudy.Name,
            "Paper B Table 2 at CPU scale: constant, linear decay, cyclical, LR warm-up and SILO side by side over pruning levels.");
        var c = Common.Add(cmd, 2);
        var optimizer = new Option<string?>("--optimizer") { Description = "Optimizer of every arm: sgd, adam or rmsprop (Paper B Tables 12–13); default: the base spec's." };
        var lrScale = new Option<double?>("--lr-scale") { Description = "Multiply every learning rate of the arms (default 0.1 when switching from SGD to adam/rmsprop, else 1)." };
        cmd.Add(optimizer);
        cmd.Add(lrScale);
        cmd.SetAction(p =>
        {
            var settings = c.Settings(p, ScheduleStudy.Name);
            return StudyProgress.Run(output, settings.OutDir, (forRun, _) =>
                ScheduleStudy.Run(settings, p.GetValue(optimizer), p.GetValue(lrScale), forRun));
        });
        return cmd;
    }

    private static Command Sensitivity(TextWriter output)
    {
        var cmd = new Command(SensitivityStudy.Name, "Paper B Tables 8–9: SILO's q × β beside LR warm-up.");
        var c = Common.Add(cmd, 2);
        var pairs = new Option<string>("--pairs")
        {
            Description = "q:β pairs, comma-separated (default: Paper B's 1:5,2:5,3:4,1:3,1:7,5:5).",
            DefaultValueFactory = _ => "1:5,2:5,3:4,1:3,1:7,5:5",
        };
        cmd.Add(pairs);
        cmd.SetAction(p =>
        {
            var settings = c.Settings(p, SensitivityStudy.Name);
            var parsed = SensitivityStudy.ParsePairs(p.GetValue(pairs)!);
            return StudyProgress.Run(output, settings.OutDir, (forRun, _) =>
                SensitivityStudy.Run(settings, parsed, forRun));
        });
        return cmd;
    }

    private static Command Oracle(TextWriter output)
    {
        var cmd = new Command(OracleStudy.Name,
            "Paper B §5.4: a greedy Oracle grid-searches every level's peak by validation accuracy; compared with SILO and the adaptive peaks.");
        var c = Common.Add(cmd, 2);
        var grid = new Option<string?>("--grid") { Description = "Peaks to try at every level, comma-separated (default: ε × 1/3, 2/3, 1, 5/3, 3)." };
        var levels = new Option<int>("--levels")
        {
            Description = "Pruning levels (replaces the base spec's pruning.levels; the Oracle trains one level per grid value).",
            DefaultValueFactory = _ => OracleStudy.DefaultLevels,
        };
        cmd.Add(grid);
        cmd.Add(levels);
        cmd.SetAction(p =>
        {
            var settings = c.Settings(p, OracleStudy.Name);
            if (p.GetValue(levels) < 0) throw new RewindUserException($"--levels: {p.GetValue(levels)} is not a number of levels; use 0 or more.");
            settings = settings with { BaseSpec = settings.BaseSpec with { Pruning = settings.BaseSpec.Pruning with { Levels = p.GetValue(levels) } } };
            var g = p.GetValue(grid) is { } text ? OracleStudy.ParseGrid(text) : null;
            return StudyProgress.Run(output, settings.OutDir, (forRun, observerFor) =>
                OracleStudy.Run(settings, g, forRun, observerFor));
        });
        return cmd;
    }

    private static Command GradientNarrowing(TextWriter output)
    {
        var cmd = new Command(GradientNarrowingStudy.Name,
            "Paper B §3.1: per level, the gradient distribution of unpruned weights (Sturges histograms, σ), E_WG and E_AA per layer, and updates with and without SILO.");
        var c = Common.Add(cmd, 2);
        cmd.SetAction(p =>
        {
            var settings = c.Settings(p, GradientNarrowingStudy.Name);
            return StudyProgress.Run(output, settings.OutDir, (forRun, _) =>
                GradientNarrowingStudy.Run(settings, forRun));
        });
        return cmd;
    }

    private static Command Theory(TextWriter output)
    {
        var cmd = new Command(TheoryStudy.Name,
            "Paper B Appendix B: Theorem 1's bound C against the measured 4·E_AA, Theorem 2's E_WG, and Remark 2's √(C_0/C_k) beside SILO's S-curve.");
        var set = new Option<string[]>("--set")
        {
            Description = "Override a setting (key=value): sigma_x, sigma_w, inputs, hidden, outputs, samples, inits, lr, taus, rate, levels, epsilon, delta, q, beta.",
            DefaultValueFactory = _ => [],
            Arity = ArgumentArity.ZeroOrMore,
        };
        var seeds = new Option<int>("--seeds") { Description = "Independent draws (seeds 0..N−1).", DefaultValueFactory = _ => 3 };
        var outOpt = CommonOptions.Out();
        cmd.Add(set);
        cmd.Add(seeds);
        cmd.Add(outOpt);
        cmd.SetAction(p =>
        {
            var settings = TheoryStudy.Settings(p.GetValue(set)!);
            int n = p.GetValue(seeds);
            if (n < 1) throw new RewindUserException($"--seeds: {n} is not a number of seeds; use 1 or more.");
            var outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut(TheoryStudy.Name);
            return StudyProgress.Run(output, outDir, (_, _) => TheoryStudy.Run(settings, Enumerable.Range(0, n).ToList(), outDir));
        });
        return cmd;
    }
}
