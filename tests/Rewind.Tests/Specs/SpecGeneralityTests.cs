using Rewind.Specs;

namespace Rewind.Tests.Specs;

/// <summary>The spec machinery works for records RunSpec may grow into: sub-sections, number lists, enums, longs.</summary>
public sealed class SpecGeneralityTests
{
    private enum Shape
    {
        Constant,
        WarmupStep,
    }

    private sealed record Peak
    {
        [Help("Peak shape.")]
        public Shape Shape { get; init; } = Shape.WarmupStep;

        [Range(0, 1)]
        public IReadOnlyList<double> Factors { get; init; } = [0.5, 0.25];
    }

    private sealed record Sched
    {
        public Peak Peak { get; init; } = new();

        [Choices("a", "b")]
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    private sealed record Root
    {
        public long Budget { get; init; } = 5_000_000_000;

        public Sched Schedule { get; init; } = new();

        public int Read { get; } = 1; // no setter: not a key
    }

    private static readonly SpecModel Model = SpecModel.For(typeof(Root));

    private static string ErrorOf(string yaml) =>
        Assert.Throws<RewindUserException>(() => SpecLoader.FromYaml<Root>(yaml, "g.yaml", [])).Message;

    [Fact]
    public void Sub_sections_give_three_part_keys()
    {
        Assert.Equal(["budget", "schedule.peak.shape", "schedule.peak.factors", "schedule.tags"],
            Model.Fields.Select(f => f.Key));
        Assert.Equal(["schedule", "schedule.peak"], Model.Sections.Select(s => s.Key));
        Assert.Equal("one of: constant, warmup-step", Model.Fields[1].Allowed);
        Assert.Equal(("list of numbers", "[0.5, 0.25]", "each [0, 1]"),
            (Model.Fields[2].Type, Model.Fields[2].DefaultText, Model.Fields[2].Allowed));
    }

    [Fact]
    public void Nested_dotted_and_override_forms_all_reach_a_sub_section()
    {
        var a = SpecLoader.FromYaml<Root>("schedule:\n  peak:\n    shape: constant\n", "g.yaml", []);
        var b = SpecLoader.FromYaml<Root>("schedule:\n  peak.shape: constant\n", "g.yaml", []);
        var c = SpecLoader.FromYaml<Root>("", "g.yaml", ["schedule.peak.shape=CONSTANT"]);
        Assert.All(new[] { a, b, c }, r => Assert.Equal(Shape.Constant, r.Schedule.Peak.Shape));
    }

    [Fact]
    public void Every_kind_round_trips_through_the_writer()
    {
        var spec = SpecLoader.FromYaml<Root>("", "g.yaml",
            ["budget=-7", "schedule.peak.shape=constant", "schedule.peak.factors=[0.1, 1, 0]", "schedule.tags=[b, a]"]);
        var yaml = SpecWriter.ToYaml(spec, Model, withHelp: false);
        Assert.Equal("budget: -7\nschedule:\n  peak:\n    shape: constant\n    factors: [0.1, 1, 0]\n  tags: [b, a]\n", yaml);
        var back = SpecLoader.FromYaml<Root>(yaml, "g.yaml", []);
        Assert.Equal(yaml, SpecWriter.ToYaml(back, Model, withHelp: false));
        Assert.Equal(["budget: 5000000000 → -7", "schedule.peak.shape: warmup-step → constant",
            "schedule.peak.factors: [0.5, 0.25] → [0.1, 1, 0]", "schedule.tags: [] → [b, a]"],
            SpecDiff.Differences(new Root(), spec, Model));
    }

    [Fact]
    public void List_elements_and_enums_are_checked_one_by_one()
    {
        Assert.Equal(string.Join("\n",
                "g.yaml:1:24: schedule.peak.factors[1]: 1.5 is outside [0, 1].",
                "g.yaml:2:16: schedule.tags[0]: 'c' is not one of: a, b.",
                "g.yaml:3:22: schedule.peak.shape: 'warmup_stp' is not one of: constant, warmup-step; did you mean 'warmup-step'?"),
            ErrorOf("schedule.peak.factors: [0.5, 1.5]\nschedule.tags: [c]\nschedule.peak.shape: warmup_stp\n"));
    }

    [Fact]
    public void Unknown_key_in_a_sub_section_lists_that_sub_section() =>
        Assert.Equal("g.yaml:1:1: schedule.peak.zzzzzz: unknown key; the keys of 'schedule.peak' are: shape, factors.",
            ErrorOf("schedule.peak.zzzzzz: 1\n"));

    private sealed record Unsupported
    {
        public Dictionary<string, int> Map { get; init; } = [];
    }

    [Fact]
    public void A_property_of_an_unsupported_type_is_a_programming_error_naming_it()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SpecModel.For(typeof(Unsupported)));
        Assert.StartsWith("Unsupported.Map: spec fields may be", e.Message);
    }
}
