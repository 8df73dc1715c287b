using Rewind.Specs;

namespace Rewind.Tests.Specs;

public sealed class SpecDiffTests
{
    [Fact]
    public void Same_specs_have_no_differences()
    {
        var a = SpecLoader.FromYaml("schedule.drops: [20ep]", "a.yaml");
        var b = SpecLoader.FromYaml("schedule:\n  drops: [20ep]", "b.yaml");
        Assert.Empty(SpecDiff.Differences(a, b));
    }

    [Fact]
    public void Differences_list_each_differing_key_with_both_values_in_schema_order()
    {
        var a = new RunSpec();
        var b = SpecLoader.Apply(a, ["pruning.strategy=wr", "optimizer.lr=0.05", "schedule.drops=[20ep, 30ep]",
            "data.dir=/data", "pruning.rewind_bn=true"]);
        Assert.Equal([
            "data.dir: \"\" → /data",
            "optimizer.lr: 0.1 → 0.05",
            "schedule.drops: [] → [20ep, 30ep]",
            "pruning.strategy: lrr → wr",
            "pruning.rewind_bn: false → true",
        ], SpecDiff.Differences(a, b));
        Assert.Equal("optimizer.lr: 0.05 → 0.1", SpecDiff.Differences(b, a)[1]);
    }
}
