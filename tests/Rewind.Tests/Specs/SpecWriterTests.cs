using System.Globalization;
using Rewind.Data;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Tests.Specs;

public sealed class SpecWriterTests
{
    private static RunSpec RoundTrip(RunSpec spec, bool withHelp = false) =>
        SpecLoader.FromYaml(SpecWriter.ToYaml(spec, withHelp), "spec.yaml");

    [Fact]
    public void Default_spec_round_trips()
    {
        var spec = new RunSpec();
        var yaml = SpecWriter.ToYaml(spec);
        Assert.True(SpecWriter.SameSpec(spec, RoundTrip(spec)));
        Assert.Equal(yaml, SpecWriter.ToYaml(RoundTrip(spec)));
    }

    [Fact]
    public void Yaml_has_every_key_with_sections_as_nested_mappings_and_lists_as_flow_sequences()
    {
        var yaml = SpecWriter.ToYaml(new RunSpec());
        Assert.StartsWith("name: run\nseed: 0\ndevice: cpu\nthreads: 0\ndata:\n  name: fashion-mnist\n  dir: \"\"\n", yaml);
        Assert.Contains("\noptimizer:\n  name: sgd\n  lr: 0.1\n  momentum: 0.9\n  nesterov: false\n  weight_decay: 0.0001\n", yaml);
        Assert.Contains("\n  eps: 1E-08\n", yaml);
        Assert.Contains("\n  warmup: 0it\n  drops: []\n", yaml);
        Assert.Contains("\n  rewind_bn: false\n", yaml);
        foreach (var f in SpecSchema.Fields)
            Assert.Contains($"{new string(' ', 2 * f.Key.Count(c => c == '.'))}{f.Name}: {f.DefaultText}\n", yaml);
    }

    [Fact]
    public void Spec_with_every_field_changed_round_trips()
    {
        var changed = SpecLoader.Apply(new RunSpec(), SpecSchema.Fields.Select(f => $"{f.Key}={OtherValue(f)}"));
        Assert.Equal(SpecSchema.Fields.Count, SpecDiff.Differences(new RunSpec(), changed).Count);
        var back = RoundTrip(changed);
        Assert.Empty(SpecDiff.Differences(changed, back));
        Assert.True(SpecWriter.SameSpec(changed, back));
        Assert.True(SpecWriter.SameSpec(changed, RoundTrip(changed, withHelp: true)));
    }

    /// <summary>A valid value different from the field's default, derived from its type, range and choices.</summary>
    private static string OtherValue(SpecField f)
    {
        if (f.Choices.Count > 0) return f.Choices.First(c => c != f.DefaultText);
        if (f.ClrType == typeof(bool)) return f.DefaultText == "true" ? "false" : "true";
        if (f.ClrType == typeof(Duration)) return "3ep7it";
        if (f.ClrType == typeof(IReadOnlyList<Duration>)) return "[1ep, 2ep500it]";
        if (f.ClrType == typeof(IReadOnlyList<double>)) return "[0.030039024390243904, 0.1]";
        if (f.ClrType == typeof(string)) return "changed: #1 \"quoted\"";
        double lo = f.Range?.Min ?? 0, hi = Math.Min(f.Range?.Max ?? 1000, 1000);
        if (f.ClrType == typeof(int))
        {
            int d = int.Parse(f.DefaultText, CultureInfo.InvariantCulture);
            return (d + 1 <= hi ? d + 1 : d - 1).ToString(CultureInfo.InvariantCulture);
        }
        if (f.ClrType == typeof(double))
        {
            double v = lo + (hi - lo) / 3; // not a short decimal: checks the round-trip format
            if (v.ToString("R", CultureInfo.InvariantCulture) == f.DefaultText) v = lo + (hi - lo) / 7;
            return v.ToString("R", CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"No test value for {f.Key} of type {f.ClrType.Name}; extend OtherValue.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("123")]
    [InlineData("1e-4")]
    [InlineData("~")]
    [InlineData("a: b # c")]
    [InlineData("[x, y]")]
    [InlineData("say \"hi\"\\ \t\n")]
    [InlineData("-leading dash")]
    [InlineData("/usr/share/datasets")]
    [InlineData("ünïcode")]
    public void Strings_that_look_like_other_yaml_round_trip(string text)
    {
        var spec = new RunSpec { Name = text, Data = new DataSpec { Dir = text } };
        var back = RoundTrip(spec);
        Assert.Equal(text, back.Name);
        Assert.Equal(text, back.Data.Dir);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.30000000000000004)]
    [InlineData(1.0 / 3)]
    [InlineData(1e-300)]
    [InlineData(5e-324)]
    [InlineData(99.99999999999999)]
    public void Doubles_round_trip_exactly(double lr) =>
        Assert.Equal(lr, RoundTrip(new RunSpec { Optimizer = new OptimizerSpec { Lr = lr } }).Optimizer.Lr);

    [Fact]
    public void Help_comments_precede_each_key()
    {
        var yaml = SpecWriter.ToYaml(new RunSpec(), withHelp: true);
        Assert.Contains("\n  # Peak learning rate of the dense level 0, and of every level with peak.name fixed (SILO's ε).\n  lr: 0.1\n", yaml);
        Assert.Contains("\n# Optimizer and its hyperparameters.\noptimizer:\n", yaml);
        Assert.DoesNotContain("#", SpecWriter.ToYaml(new RunSpec()));
    }

    [Fact]
    public void Same_spec_compares_values_not_list_references()
    {
        var a = new RunSpec { Schedule = new ScheduleSpec { Drops = [Duration.FromEpochs(20)] } };
        var b = new RunSpec { Schedule = new ScheduleSpec { Drops = [Duration.FromEpochs(20)] } };
        Assert.NotEqual(a, b); // record equality compares the lists by reference
        Assert.True(SpecWriter.SameSpec(a, b));
        Assert.False(SpecWriter.SameSpec(a, b with { Schedule = b.Schedule with { Drops = [Duration.FromEpochs(21)] } }));
        Assert.False(SpecWriter.SameSpec(a, a with { Seed = 1 }));
    }
}
