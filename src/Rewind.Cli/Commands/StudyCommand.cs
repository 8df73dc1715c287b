using System.CommandLine;
using Rewind.Cli.Console;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Cli.Commands;

/// <summary>One <c>rewind experiment NAME</c> subcommand, generated from a <see cref="Study"/> of the catalog.</summary>
public static class StudyCommand
{
    /// <summary>Builds the subcommand of <paramref name="study"/>: the common options its kind takes, plus its own.</summary>
    public static Command Create(TextWriter output, Study study)
    {
        bool runSpec = study.BaseKind == StudyBaseKind.RunSpec;
        var cmd = new Command(study.Name, study.Summary + (runSpec
            ? " Any spec key can be changed with --set (e.g. --set data.name=synthetic)" + (study.AcceptsArmOverrides ? ", one arm's with --set ARM:key=value." : ".")
            : ""));
        var spec = runSpec
            ? new Option<string?>("--spec") { Description = "Base spec: a YAML file or a preset name (e.g. silo-resnet20-cifar10); default: the study's own CPU-sized base." }
            : null;
        var set = study.BaseKind == StudyBaseKind.None ? null : CommonOptions.Set();
        if (set is not null && study.AcceptsArmOverrides)
            set.Description = "Override a key of the base spec (key=value), or of one arm only (ARM:key=value, e.g. constant:optimizer.lr=0.01). Repeatable.";
        var seeds = study.UsesSeeds
            ? new Option<string>("--seeds")
            {
                Description = "Number of seeds (the base spec's seed and the next ones), or auto:POINTS[:CAP] to add seeds until the paired " +
                              "comparisons could detect POINTS percentage points at 80% power (at most CAP seeds, default 10).",
                DefaultValueFactory = _ => study.DefaultSeeds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;
        var outOpt = CommonOptions.Out();
        var threads = runSpec ? CommonOptions.Threads() : null;
        var data = runSpec ? CommonOptions.Data() : null;
        var own = study.Parameters.Select(p => (Parameter: p, Option: new Option<string?>("--" + p.Name)
        {
            Description = p.Help + (p.Default is { } d && !p.Help.Contains("default", StringComparison.OrdinalIgnoreCase) ? $" (default {d})" : ""),
        })).ToList();
        foreach (var option in new Option?[] { spec, set, seeds, outOpt, threads, data }.Concat(own.Select(o => o.Option)))
            if (option is not null) cmd.Add(option);
        var execution = new ExecutorOptions();
        execution.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var sets = set is null ? [] : p.GetValue(set)!.ToList();
            if (threads is not null && p.GetValue(threads) is int t) sets.Add($"threads={t}");
            if (data is not null && p.GetValue(data) is { } dir) sets.Add(CommonOptions.DataOverride(dir));
            var parameters = own.Where(o => p.GetValue(o.Option) is not null).ToDictionary(o => o.Parameter.Name, o => p.GetValue(o.Option)!);
            var (count, auto) = seeds is null ? (1, null) : SeedRule.Parse(p.GetValue(seeds)!);
            var definition = study.Define(spec is null ? null : p.GetValue(spec), sets, count, auto, parameters);
            var outDir = p.GetValue(outOpt) ?? CommonOptions.DefaultOut(DefaultName(study, definition));
            return StudyProgress.Run(output, study, definition, outDir, execution.Read(p));
        });
        return cmd;
    }

    /// <summary>The default output folder's name: the base spec's name and the study's, e.g. <c>silo-lenet-schedules</c>.</summary>
    public static string DefaultName(Study study, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(definition);
        if (study.BaseKind != StudyBaseKind.RunSpec) return study.Name;
        var name = SpecLoader.FromYaml(definition.BaseYaml, "the base spec").Name;
        return name == study.Name ? name : $"{name}-{study.Name}";
    }
}
