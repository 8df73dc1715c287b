using Rewind.Sparsity;
using Rewind.Specs;

namespace Rewind.Tests.Specs;

public sealed class SpecSchemaTests
{
    [Theory]
    [InlineData("WeightDecay", "weight_decay")]
    [InlineData("RewindTo", "rewind_to")]
    [InlineData("EvalBatchSize", "eval_batch_size")]
    [InlineData("Lr", "lr")]
    [InlineData("Beta1", "beta1")]
    [InlineData("Top5Accuracy", "top5_accuracy")]
    [InlineData("LRSchedule", "lr_schedule")]
    [InlineData("IOThreads", "io_threads")]
    public void Property_names_become_snake_case_keys(string property, string key) =>
        Assert.Equal(key, SpecSchema.ToSnakeCase(property));

    [Fact]
    public void Keys_of_nested_sections_are_dotted_snake_case_paths()
    {
        var keys = SpecSchema.Fields.Select(f => f.Key).ToList();
        Assert.Contains("optimizer.weight_decay", keys);
        Assert.Contains("pruning.rewind_to", keys);
        Assert.Contains("training.eval_batch_size", keys);
        Assert.Contains("schedule.warmup_every_level", keys);
        Assert.Contains("seed", keys);
        Assert.DoesNotContain("optimizer", keys);
        Assert.Equal(["data", "model", "training", "optimizer", "schedule", "pruning", "pruning.perturb_signs", "peak"],
            SpecSchema.Sections.Select(s => s.Key));
    }

    [Fact]
    public void Key_attribute_overrides_the_snake_case_name()
    {
        Assert.NotNull(SpecSchema.Find("pruning.rewind_bn"));
        Assert.Null(SpecSchema.Find("pruning.rewind_batch_norm"));
        var spec = SpecLoader.FromYaml("pruning:\n  rewind_bn: true\n", "run.yaml");
        Assert.True(spec.Pruning.RewindBatchNorm);
    }

    [Fact]
    public void Fields_follow_declaration_order_and_every_property_with_a_setter_is_a_key()
    {
        var top = SpecSchema.Fields.Where(f => f.Section.Length == 0).Select(f => f.Key);
        Assert.Equal(["name", "seed", "device", "threads"], top);
        int leaves = CountLeafProperties(typeof(RunSpec));
        Assert.Equal(leaves, SpecSchema.Fields.Count);
    }

    private static int CountLeafProperties(Type t) => t.GetProperties()
        .Where(p => p.SetMethod is { IsPublic: true })
        .Sum(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsInterface
            ? CountLeafProperties(p.PropertyType) : 1);

    [Fact]
    public void Every_field_has_help_text() =>
        Assert.Empty(SpecSchema.Fields.Where(f => f.Help.Length == 0).Select(f => f.Key));

    [Fact]
    public void Field_describes_type_default_help_and_allowed_values()
    {
        var rate = SpecSchema.Find("pruning.rate")!;
        Assert.Equal("number", rate.Type);
        Assert.Equal("0.2", rate.DefaultText);
        Assert.Equal("(0, 1)", rate.Allowed);
        Assert.StartsWith("Fraction of the remaining weights", rate.Help);

        var seed = SpecSchema.Find("seed")!;
        Assert.Equal(("integer", "0", ">= 0"), (seed.Type, seed.DefaultText, seed.Allowed));

        var lr = SpecSchema.Find("optimizer.lr")!;
        Assert.Equal("(0, 100]", lr.Allowed);

        var drops = SpecSchema.Find("schedule.drops")!;
        Assert.Equal(("list of durations", "[]", ""), (drops.Type, drops.DefaultText, drops.Allowed));

        var duration = SpecSchema.Find("training.duration")!;
        Assert.Equal(("duration", "10ep"), (duration.Type, duration.DefaultText));

        var dir = SpecSchema.Find("data.dir")!;
        Assert.Equal(("string", "\"\""), (dir.Type, dir.DefaultText));

        Assert.Equal("one of: sgd, adam, rmsprop", SpecSchema.Find("optimizer.name")!.Allowed);
        Assert.Equal("boolean", SpecSchema.Find("optimizer.nesterov")!.Type);
        Assert.Equal("1E-08", SpecSchema.Find("optimizer.eps")!.DefaultText);
    }

    [Fact]
    public void Scorer_choices_come_from_the_scorer_catalog()
    {
        var scorer = SpecSchema.Find("pruning.scorer")!;
        Assert.Equal(ScorerCatalog.Names, scorer.Choices);
        Assert.Equal("one of: " + string.Join(", ", ScorerCatalog.Names), scorer.Allowed);
    }

    [Fact]
    public void Field_listing_line_names_key_type_default_allowed_and_help() =>
        Assert.Equal("optimizer.name (string, default sgd, one of: sgd, adam, rmsprop): The optimizer; each follows torch.optim's formulas.",
            SpecSchema.Find("optimizer.name")!.ToString());

    [Fact]
    public void Sections_list_their_keys_and_help()
    {
        var optimizer = SpecSchema.Sections.Single(s => s.Key == "optimizer");
        Assert.Equal(["name", "lr", "momentum", "nesterov", "weight_decay", "beta1", "beta2", "eps", "alpha", "rmsprop_momentum", "centered"], optimizer.Keys);
        Assert.Equal("Optimizer and its hyperparameters.", optimizer.Help);
    }

    [Fact]
    public void Defaults_satisfy_their_own_ranges_and_choices() =>
        Assert.True(SpecWriter.SameSpec(new RunSpec(), SpecLoader.Apply(new RunSpec(), []))); // Apply validates and throws
}
