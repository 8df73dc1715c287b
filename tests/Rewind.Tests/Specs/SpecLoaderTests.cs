using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Tests.Specs;

public sealed class SpecLoaderTests
{
    private static string ErrorOf(string yaml, params string[] overrides) =>
        Assert.Throws<RewindUserException>(() => SpecLoader.FromYaml(yaml, "run.yaml", overrides)).Message;

    [Fact]
    public void Empty_yaml_gives_the_default_spec()
    {
        Assert.True(SpecWriter.SameSpec(new RunSpec(), SpecLoader.FromYaml("", "run.yaml")));
        Assert.True(SpecWriter.SameSpec(new RunSpec(), SpecLoader.FromYaml("# only a comment\n", "run.yaml")));
    }

    [Fact]
    public void Nested_mappings_and_top_level_dotted_keys_both_set_fields()
    {
        var spec = SpecLoader.FromYaml("""
            seed: 7
            optimizer:
              name: adam
              weight_decay: 0
            optimizer.lr: 0.05
            training.duration: 2ep500it
            schedule:
              drops: [20ep, 30ep]
            """, "run.yaml");
        Assert.Equal(7, spec.Seed);
        Assert.Equal("adam", spec.Optimizer.Name);
        Assert.Equal(0.0, spec.Optimizer.WeightDecay);
        Assert.Equal(0.05, spec.Optimizer.Lr);
        Assert.Equal(new Duration(2, 500), spec.Training.Duration);
        Assert.Equal([Duration.FromEpochs(20), Duration.FromEpochs(30)], spec.Schedule.Drops);
        Assert.Equal(0.9, spec.Optimizer.Momentum); // untouched keys keep their defaults
    }

    [Fact]
    public void Block_sequences_quoted_values_and_yes_no_are_read()
    {
        var spec = SpecLoader.FromYaml("""
            name: "yes"
            data: {dir: '/data/my sets'}
            optimizer: {nesterov: yes}
            pruning: {keep_output_dense: no}
            schedule:
              drops:
                - "20ep"
                - 30ep
            """, "run.yaml");
        Assert.Equal("yes", spec.Name);
        Assert.Equal("/data/my sets", spec.Data.Dir);
        Assert.True(spec.Optimizer.Nesterov);
        Assert.False(spec.Pruning.KeepOutputDense);
        Assert.Equal([Duration.FromEpochs(20), Duration.FromEpochs(30)], spec.Schedule.Drops);
    }

    [Theory]
    [InlineData("1e-4", 1e-4)]
    [InlineData(".1", 0.1)]
    [InlineData("2", 2.0)]
    [InlineData("5E-1", 0.5)]
    [InlineData("+3", 3.0)]
    [InlineData("0.30000000000000004", 0.30000000000000004)]
    public void Numbers_are_parsed_in_invariant_culture(string text, double expected) =>
        Assert.Equal(expected, SpecLoader.FromYaml($"schedule.min_lr: {text}", "run.yaml").Schedule.MinLr);

    [Fact]
    public void Overrides_use_the_same_dotted_keys_and_apply_after_the_file()
    {
        var spec = SpecLoader.FromYaml("optimizer:\n  lr: 0.2\n", "run.yaml",
            ["optimizer.lr=0.05", "pruning.strategy=wr", "pruning.rewind_to=500it", "name=my run #1"]);
        Assert.Equal(0.05, spec.Optimizer.Lr);
        Assert.Equal("wr", spec.Pruning.Strategy);
        Assert.Equal(Duration.FromIterations(500), spec.Pruning.RewindTo);
        Assert.Equal("my run #1", spec.Name); // unquoted override text is taken literally
    }

    [Fact]
    public void Override_of_a_list_takes_a_flow_sequence()
    {
        var spec = SpecLoader.FromYaml("", "run.yaml", ["schedule.drops=[20ep,30ep]"]);
        Assert.Equal([Duration.FromEpochs(20), Duration.FromEpochs(30)], spec.Schedule.Drops);
        var cleared = SpecLoader.Apply(spec, ["schedule.drops=[]"]);
        Assert.Empty(cleared.Schedule.Drops);
    }

    [Fact]
    public void Override_may_set_a_section_with_a_flow_mapping() =>
        Assert.Equal(0.05, SpecLoader.FromYaml("", "run.yaml", ["optimizer={lr: 0.05}"]).Optimizer.Lr);

    [Fact]
    public void Apply_derives_a_new_spec_and_leaves_the_base_unchanged()
    {
        var baseSpec = SpecLoader.FromYaml("pruning.levels: 3\nschedule.drops: [20ep]", "study.yaml");
        var derived = SpecLoader.Apply(baseSpec, ["pruning.strategy=wr", "pruning.rewind_to=1ep"]);
        Assert.Equal("lrr", baseSpec.Pruning.Strategy);
        Assert.Equal("wr", derived.Pruning.Strategy);
        Assert.Equal(3, derived.Pruning.Levels);
        Assert.Equal([Duration.FromEpochs(20)], derived.Schedule.Drops);
    }

    [Fact]
    public void Load_reads_the_file_and_applies_overrides()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rewind-spec-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "pruning:\n  levels: 4\n");
            var spec = SpecLoader.Load(path, ["seed=3"]);
            Assert.Equal((4, 3), (spec.Pruning.Levels, spec.Seed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rewind-missing-{Guid.NewGuid():N}.yaml");
        var e = Assert.Throws<RewindUserException>(() => SpecLoader.Load(path, []));
        Assert.Equal($"{path}: spec file not found (looked for {path}); check the path.", e.Message);
    }

    [Fact]
    public void Yaml_syntax_error_gives_line_and_column() =>
        Assert.Equal("run.yaml:3:2: YAML syntax error: While parsing a block mapping, did not find expected key. " +
                     "Check the indentation, the ': ' after each key and the quoting there.",
            ErrorOf("optimizer:\n  lr: 0.1\n name: sgd\n"));

    [Fact]
    public void Unknown_key_suggests_the_nearest_valid_key() =>
        Assert.Equal("run.yaml:2:3: optimizer.weight_decy: unknown key; did you mean 'optimizer.weight_decay'?",
            ErrorOf("optimizer:\n  weight_decy: 0.1\n"));

    [Theory]
    [InlineData("optimiser:\n  lr: 0.1\n", "run.yaml:1:1: optimiser: unknown key; did you mean 'optimizer'?")]
    [InlineData("weight_decay: 0\n", "run.yaml:1:1: weight_decay: unknown key; did you mean 'optimizer.weight_decay'?")]
    [InlineData("optimizer.drops: [1ep]\n", "run.yaml:1:1: optimizer.drops: unknown key; did you mean 'schedule.drops'?")]
    [InlineData("pruning.rewindbn: true\n", "run.yaml:1:1: pruning.rewindbn: unknown key; did you mean 'pruning.rewind_bn'?")]
    public void Unknown_key_suggestion_finds_misspelt_sections_and_misplaced_keys(string yaml, string message) =>
        Assert.Equal(message, ErrorOf(yaml));

    [Fact]
    public void Unknown_key_with_nothing_near_lists_the_keys_of_its_section()
    {
        Assert.Equal("run.yaml:2:3: optimizer.zzz: unknown key; the keys of 'optimizer' are: " +
                     "name, lr, momentum, nesterov, weight_decay, beta1, beta2, eps, alpha, rmsprop_momentum, centered.",
            ErrorOf("optimizer:\n  zzz: 1\n"));
        Assert.Equal("run.yaml:1:1: colour: unknown key; the top-level keys are: " +
                     "name, seed, device, threads, data, model, training, optimizer, schedule, pruning, peak.",
            ErrorOf("colour: red\n"));
    }

    [Fact]
    public void Wrong_type_names_the_key_the_value_and_how_to_write_it()
    {
        Assert.Equal("run.yaml:2:7: optimizer.lr: 'fast' is not a number; write a number such as 0.1, .5 or 1e-4.",
            ErrorOf("optimizer:\n  lr: fast\n"));
        Assert.Equal("run.yaml:1:7: seed: '1.5' is not a whole number; write a whole number such as 128.",
            ErrorOf("seed: 1.5\n"));
        Assert.Equal("run.yaml:1:21: optimizer.nesterov: 'maybe' is not a boolean; write true or false (yes/no also work).",
            ErrorOf("optimizer.nesterov: maybe\n"));
        Assert.Equal("run.yaml:1:20: training.duration: '10 epochs' is not a duration; " +
                     "write epochs and/or iterations such as 40ep, 1000it or 2ep500it.",
            ErrorOf("training.duration: 10 epochs\n"));
        Assert.Equal("run.yaml:1:24: schedule.drops[1]: 'later' is not a duration; " +
                     "write epochs and/or iterations such as 40ep, 1000it or 2ep500it.",
            ErrorOf("schedule.drops: [20ep, later]\n"));
        Assert.Equal("run.yaml:1:15: optimizer.lr: has no value; write a number such as 0.1, .5 or 1e-4.",
            ErrorOf("optimizer.lr: ~\n"));
    }

    [Fact]
    public void Out_of_range_value_names_the_range_and_what_the_key_means()
    {
        Assert.Equal("run.yaml:2:9: pruning.rate: 1.5 is outside (0, 1): fraction of the remaining weights removed " +
                     "per level (density after level i is (1-rate)^i).",
            ErrorOf("pruning:\n  rate: 1.5\n"));
        Assert.Equal("run.yaml:1:7: seed: -1 is not >= 0: seed every random draw flows from " +
                     "(initialisation, data order, random masks).",
            ErrorOf("seed: -1\n"));
    }

    [Fact]
    public void Value_outside_the_choices_lists_them_and_suggests_the_nearest()
    {
        Assert.Equal("run.yaml:1:17: optimizer.name: 'sgdd' is not one of: sgd, adam, rmsprop; did you mean 'sgd'?",
            ErrorOf("optimizer.name: sgdd\n"));
        Assert.Equal("run.yaml:1:19: pruning.strategy: 'rewind' is not one of: imp, wr, lrr, ft, oneshot.",
            ErrorOf("pruning.strategy: rewind\n"));
    }

    [Fact]
    public void Scorer_outside_the_catalog_lists_the_catalog_names() =>
        Assert.Equal("run.yaml:1:17: pruning.scorer: 'global_magnitude' is not one of: " +
                     $"{string.Join(", ", Rewind.Sparsity.ScorerCatalog.Names)}; did you mean 'global-magnitude'?",
            ErrorOf("pruning.scorer: global_magnitude\n"));

    [Fact]
    public void Section_given_a_value_shows_how_to_write_its_keys() =>
        Assert.Equal("run.yaml:1:12: optimizer: is a section, not a value ('adam' given); write its keys nested " +
                     "(optimizer: {name: sgd}) or dotted (optimizer.name: sgd).",
            ErrorOf("optimizer: adam\n"));

    [Fact]
    public void Value_given_a_mapping_or_a_list_says_a_single_value_is_expected()
    {
        Assert.Equal("run.yaml:2:7: optimizer.lr: expects a number, not a mapping; write a single value such as optimizer.lr: 0.1.",
            ErrorOf("optimizer:\n  lr: {peak: 0.1}\n"));
        Assert.Equal("run.yaml:1:7: seed: expects an integer, not a list; write a single value such as seed: 0.",
            ErrorOf("seed: [1, 2]\n"));
        Assert.Equal("run.yaml:1:17: schedule.drops: expects a list of durations, not a single value; " +
                     "write a list such as schedule.drops: [20ep, 30ep].",
            ErrorOf("schedule.drops: 20ep\n"));
    }

    [Fact]
    public void A_key_given_twice_is_an_error_naming_both_lines()
    {
        Assert.Equal("run.yaml:3:1: optimizer.lr: is given twice (first on line 2); keep only one.",
            ErrorOf("optimizer:\n  lr: 0.1\noptimizer.lr: 0.2\n"));
        Assert.Equal("run.yaml:3:1: seed: is given twice (first on line 1); keep only one.",
            ErrorOf("seed: 1\nname: x\nseed: 2\n"));
        Assert.Equal("run.yaml:3:1: optimizer: is given twice (first on line 1); merge the two blocks.",
            ErrorOf("optimizer:\n  lr: 0.1\noptimizer:\n  name: adam\n"));
    }

    [Fact]
    public void Overrides_may_repeat_a_key_and_the_last_one_wins() =>
        Assert.Equal(3, SpecLoader.FromYaml("seed: 1", "run.yaml", ["seed=2", "seed=3"]).Seed);

    [Fact]
    public void Keys_are_case_sensitive_but_a_wrong_case_is_suggested_right() =>
        Assert.Equal("run.yaml:1:1: Optimizer.LR: unknown key; did you mean 'optimizer.lr'?", ErrorOf("Optimizer.LR: 0.1\n"));

    [Fact]
    public void Empty_section_and_empty_override_values_are_allowed_where_they_mean_nothing_or_empty()
    {
        var spec = SpecLoader.FromYaml("optimizer:\nschedule.drops:\n", "run.yaml", ["data.dir="]);
        Assert.True(SpecWriter.SameSpec(new RunSpec(), spec));
        Assert.Equal("run.yaml: optimizer.lr: has no value (from --set optimizer.lr=); write a number such as 0.1, .5 or 1e-4.",
            ErrorOf("", "optimizer.lr="));
    }

    [Fact]
    public void Spec_that_is_not_a_mapping_is_rejected() =>
        Assert.Equal("run.yaml:1:1: the spec must be a mapping of keys to values such as 'optimizer.lr: 0.1', not a list.",
            ErrorOf("- seed: 1\n"));

    [Fact]
    public void Malformed_override_without_equals_sign_shows_the_form()
    {
        Assert.Equal("run.yaml: --set 'optimizer.lr' has no '='; write --set key=value, e.g. --set optimizer.lr=0.1.",
            ErrorOf("", "optimizer.lr"));
        Assert.Equal("run.yaml: --set '=3' has no key before '='; write --set key=value, e.g. --set optimizer.lr=0.1.",
            ErrorOf("", "=3"));
        Assert.Equal("--set 'seed' has no '='; write --set key=value, e.g. --set optimizer.lr=0.1.",
            Assert.Throws<RewindUserException>(() => SpecLoader.Apply(new RunSpec(), ["seed"])).Message);
    }

    [Fact]
    public void Override_errors_name_the_source_the_key_and_the_override()
    {
        Assert.Equal("run.yaml: optimizer.lr: 'fast' is not a number (from --set optimizer.lr=fast); " +
                     "write a number such as 0.1, .5 or 1e-4.",
            ErrorOf("", "optimizer.lr=fast"));
        Assert.Equal("--set: optimizr.lr: unknown key (from --set optimizr.lr=1); did you mean 'optimizer.lr'?",
            Assert.Throws<RewindUserException>(() => SpecLoader.Apply(new RunSpec(), ["optimizr.lr=1"])).Message);
        Assert.Equal("study.yaml: pruning.rate: 2 is outside (0, 1): fraction of the remaining weights removed per level " +
                     "(density after level i is (1-rate)^i) (from --set pruning.rate=2).",
            Assert.Throws<RewindUserException>(() => SpecLoader.Apply(new RunSpec(), ["pruning.rate=2"], "study.yaml")).Message);
    }

    [Fact]
    public void Override_with_broken_flow_yaml_names_the_key_and_the_override()
    {
        var message = ErrorOf("", "schedule.drops=[20ep,");
        Assert.StartsWith("run.yaml: schedule.drops: '[20ep,' is not valid YAML (", message);
        Assert.EndsWith(") (from --set schedule.drops=[20ep,); write a list as [a, b] and put text with special characters in quotes.",
            message);
    }

    [Fact]
    public void All_errors_are_reported_together_one_per_line()
    {
        var message = ErrorOf("""
            seed: -1
            optimizer:
              lr: fast
              weight_decy: 0.1
            pruning.strategy: rewind
            """, "schedule.drops=[x]", "device");
        Assert.Equal([
            "run.yaml:1:7: seed: -1 is not >= 0: seed every random draw flows from (initialisation, data order, random masks).",
            "run.yaml:3:7: optimizer.lr: 'fast' is not a number; write a number such as 0.1, .5 or 1e-4.",
            "run.yaml:4:3: optimizer.weight_decy: unknown key; did you mean 'optimizer.weight_decay'?",
            "run.yaml:5:19: pruning.strategy: 'rewind' is not one of: imp, wr, lrr, ft, oneshot.",
            "run.yaml: schedule.drops[0]: 'x' is not a duration (from --set schedule.drops=[x]); " +
            "write epochs and/or iterations such as 40ep, 1000it or 2ep500it.",
            "run.yaml: --set 'device' has no '='; write --set key=value, e.g. --set optimizer.lr=0.1.",
        ], message.Split('\n'));
    }

    [Fact]
    public void Apply_rejects_an_invalid_base_spec_value_it_did_not_set()
    {
        var bad = new RunSpec { Optimizer = new OptimizerSpec { Lr = -1 } };
        var e = Assert.Throws<RewindUserException>(() => SpecLoader.Apply(bad, ["seed=1"]));
        Assert.Equal("--set: optimizer.lr: -1 is outside (0, 100]: peak learning rate of the dense level 0, and of every level with " +
                     "peak.name fixed (SILO's ε) (the base spec, not set here).", e.Message);
    }
}
