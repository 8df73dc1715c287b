using System.Reflection;
using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Tests.Schedules;

public sealed class StepSchedulesTests
{
    private const double Exact = 1e-12;

    private static Duration It(long n) => Duration.FromIterations(n);
    private static Duration Ep(int n) => Duration.FromEpochs(n);

    [Fact]
    public void Schedule_names_are_exactly_the_spec_choices()
    {
        var choices = typeof(ScheduleSpec).GetProperty(nameof(ScheduleSpec.Name))!.GetCustomAttribute<ChoicesAttribute>()!;
        Assert.Equal(choices.Resolve(), StepSchedules.Names);
    }

    [Fact]
    public void Default_spec_is_the_constant_schedule_and_validates_for_any_level()
    {
        var spec = new ScheduleSpec();
        StepSchedules.Validate(spec, 100, 1);
        var schedule = StepSchedules.FromSpec(spec, 100, includeWarmup: true);
        Assert.IsType<ConstantSchedule>(schedule);
    }

    [Fact]
    public void Silo_VGG19_spec_builds_Paper_B_warmup_with_1_based_drops()
    {
        var spec = new ScheduleSpec { Name = "warmup-step", Warmup = It(10_000), Drops = [It(32_000), It(48_000)] };
        StepSchedules.Validate(spec, 391, 63_000);
        var s = StepSchedules.FromSpec(spec, 391, includeWarmup: true);
        Assert.Equal(9.1692085e-6, s.LearningRate(0, 63_000, 0.0916920850), Exact);
        Assert.Equal(0.0916920850, s.LearningRate(31_998, 63_000, 0.0916920850), Exact);
        Assert.Equal(0.0091692085, s.LearningRate(31_999, 63_000, 0.0916920850), Exact);
    }

    [Fact]
    public void Warmup_step_durations_in_epochs_resolve_with_the_iterations_per_epoch()
    {
        var spec = new ScheduleSpec { Name = "warmup-step", Warmup = Ep(2), Drops = [Ep(5)] };
        var s = StepSchedules.FromSpec(spec, 100, includeWarmup: true);
        Assert.Equal(0.1 / 200, s.LearningRate(0, 1000, 0.1), Exact);
        Assert.Equal(0.1, s.LearningRate(199, 1000, 0.1), Exact);
        // Per step, "5ep" = iteration 500 (1-based) = step 499.
        Assert.Equal(0.1, s.LearningRate(498, 1000, 0.1), Exact);
        Assert.Equal(0.01, s.LearningRate(499, 1000, 0.1), Exact);
    }

    [Fact]
    public void Without_warmup_warmup_step_starts_at_the_peak_and_keeps_its_drops()
    {
        var spec = new ScheduleSpec { Name = "warmup-step", Warmup = Ep(2), Drops = [Ep(5)] };
        var s = StepSchedules.FromSpec(spec, 100, includeWarmup: false);
        Assert.Equal(0.1, s.LearningRate(0, 1000, 0.1));
        Assert.Equal(0.01, s.LearningRate(499, 1000, 0.1), Exact);
    }

    [Fact]
    public void Without_warmup_cosine_spans_the_whole_level_from_the_peak()
    {
        var spec = new ScheduleSpec { Name = "cosine", Warmup = It(10), MinLr = 0.01 };
        var with = StepSchedules.FromSpec(spec, 100, includeWarmup: true);
        var without = StepSchedules.FromSpec(spec, 100, includeWarmup: false);
        Assert.Equal(0.01, with.LearningRate(0, 110, 0.1), Exact);
        Assert.Equal(0.1, without.LearningRate(0, 110, 0.1), Exact);
        Assert.Equal(0.055, without.LearningRate(55, 110, 0.1), Exact);
    }

    [Fact]
    public void Per_epoch_cosine_spec_is_Paper_As_cosine_warmup()
    {
        var spec = new ScheduleSpec { Name = "cosine", Warmup = Ep(10), MinLr = 0.01, PerEpoch = true };
        StepSchedules.Validate(spec, 3, 450);
        var s = StepSchedules.FromSpec(spec, 3, includeWarmup: true);
        Assert.Equal(0.01, s.LearningRate(2, 450, 0.1), Exact);
        Assert.Equal(0.0868198052, s.LearningRate(45 * 3 + 1, 450, 0.1), 5.1e-11);
    }

    [Fact]
    public void Per_epoch_warmup_step_spec_is_Paper_As_step_warmup_with_drops_from_the_epoch_index()
    {
        var spec = new ScheduleSpec { Name = "warmup-step", Warmup = Ep(10), Drops = [Ep(70), Ep(130)], PerEpoch = true };
        StepSchedules.Validate(spec, 3, 450);
        var s = StepSchedules.FromSpec(spec, 3, includeWarmup: true);
        Assert.Equal(0.01, s.LearningRate(0, 450, 0.1), Exact);
        Assert.Equal(0.1, s.LearningRate(70 * 3 - 1, 450, 0.1), Exact);
        Assert.Equal(0.01, s.LearningRate(70 * 3, 450, 0.1), Exact);
        Assert.Equal(0.001, s.LearningRate(130 * 3, 450, 0.1), Exact);
        var noRamp = StepSchedules.FromSpec(spec, 3, includeWarmup: false);
        Assert.Equal(0.1, noRamp.LearningRate(0, 450, 0.1), Exact);
    }

    [Fact]
    public void Linear_decay_spec_decays_over_decay_steps_or_else_the_level()
    {
        var overLevel = StepSchedules.FromSpec(new ScheduleSpec { Name = "linear-decay" }, 100, true);
        Assert.Equal(0.015, overLevel.LearningRate(500, 1000, 0.03), Exact);
        var over63K = StepSchedules.FromSpec(new ScheduleSpec { Name = "linear-decay", DecaySteps = It(63_000) }, 391, true);
        Assert.Equal(0.015, over63K.LearningRate(31_500, 70_000, 0.03), Exact);
    }

    [Fact]
    public void Cyclical_spec_uses_cycle_low_and_half_period()
    {
        var spec = new ScheduleSpec { Name = "cyclical", CycleLow = 0.01, HalfPeriod = It(8_000) };
        StepSchedules.Validate(spec, 391, 63_000);
        var s = StepSchedules.FromSpec(spec, 391, true);
        Assert.Equal(0.01, s.LearningRate(0, 63_000, 0.03), Exact);
        Assert.Equal(0.03, s.LearningRate(8_000, 63_000, 0.03), Exact);
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(true, 3, true)]
    [InlineData(false, 0, true)]
    [InlineData(false, 1, false)]
    [InlineData(false, 7, false)]
    public void Warmup_is_kept_at_level_0_and_at_later_levels_only_with_warmup_every_level(bool everyLevel, int level, bool ramps)
    {
        var spec = new ScheduleSpec { Name = "warmup-step", Warmup = It(10), WarmupEveryLevel = everyLevel };
        double first = StepSchedules.ForLevel(spec, 100, level).LearningRate(0, 100, 0.1);
        Assert.Equal(ramps ? 0.01 : 0.1, first, Exact);
    }

    [Fact]
    public void Paper_B_and_Paper_A_parameter_sets_validate()
    {
        StepSchedules.Validate(new ScheduleSpec { Name = "warmup-step", Warmup = It(20_000), Drops = [It(20_000), It(25_000)] }, 391, 63_000);
        StepSchedules.Validate(new ScheduleSpec { Name = "warmup-step", Warmup = It(20_000), Drops = [It(25_000)] }, 391, 63_000);
        StepSchedules.Validate(new ScheduleSpec { Name = "linear-decay", DecaySteps = It(63_000) }, 391, 63_000);
        StepSchedules.Validate(new ScheduleSpec { Name = "cyclical", HalfPeriod = It(15_000) }, 391, 63_000);
        StepSchedules.Validate(new ScheduleSpec { Name = "cosine", Warmup = Ep(10), MinLr = 0.01, PerEpoch = true }, 196, 150 * 196);
        StepSchedules.Validate(new ScheduleSpec { Name = "warmup-step", Warmup = Ep(10), Drops = [Ep(70), Ep(130)], PerEpoch = true }, 196, 150 * 196);
        // A per-step drop at the level's last iteration still acts on that step.
        StepSchedules.Validate(new ScheduleSpec { Name = "warmup-step", Drops = [It(1000)] }, 100, 1000);
        StepSchedules.Validate(new ScheduleSpec { Name = "warmup-step", Warmup = It(1000) }, 100, 1000);
    }

    public static TheoryData<ScheduleSpec, long, long, string[]> BadSpecs() => new()
    {
        { new ScheduleSpec { Name = "cosin" }, 100, 1000, ["schedule.name", "'cosin'", "cyclical"] },
        { new ScheduleSpec { Name = "warmup-step", Warmup = new Duration(0, -5) }, 100, 1000, ["schedule.warmup", "-5it", "negative"] },
        { new ScheduleSpec { Name = "warmup-step", Warmup = Ep(11) }, 100, 1000, ["schedule.warmup", "11ep", "1100 iterations", "longer than a level"] },
        { new ScheduleSpec { Name = "cosine", Warmup = Ep(10) }, 100, 1000, ["schedule.warmup", "no step", "cosine"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [It(1001)] }, 100, 1000, ["schedule.drops", "1001it", "beyond"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [It(0)] }, 100, 1000, ["schedule.drops", "0it"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [It(600), It(300)] }, 100, 1000, ["schedule.drops", "300it", "increasing"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [Ep(3), It(300)] }, 100, 1000, ["schedule.drops", "300it", "increasing"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [It(-3)] }, 100, 1000, ["schedule.drops", "-3it", "negative"] },
        { new ScheduleSpec { Name = "warmup-step", DropFactor = 0 }, 100, 1000, ["schedule.drop_factor", "0", "(0, 1]"] },
        { new ScheduleSpec { Name = "warmup-step", DropFactor = 1.5 }, 100, 1000, ["schedule.drop_factor", "1.5"] },
        { new ScheduleSpec { Name = "cosine", MinLr = -0.01 }, 100, 1000, ["schedule.min_lr", "-0.01"] },
        { new ScheduleSpec { Name = "cyclical", HalfPeriod = It(10), CycleLow = -1 }, 100, 1000, ["schedule.cycle_low", "-1"] },
        { new ScheduleSpec { Name = "constant", MinLr = 0.01 }, 100, 1000, ["schedule.min_lr", "no effect", "constant"] },
        { new ScheduleSpec { Name = "constant", Warmup = Ep(1) }, 100, 1000, ["schedule.warmup", "no effect", "warmup-step without drops"] },
        { new ScheduleSpec { Name = "cosine", Drops = [Ep(1)] }, 100, 1000, ["schedule.drops", "no effect", "warmup-step"] },
        { new ScheduleSpec { Name = "cosine", DecaySteps = It(10) }, 100, 1000, ["schedule.decay_steps", "no effect"] },
        { new ScheduleSpec { Name = "linear-decay", HalfPeriod = It(10) }, 100, 1000, ["schedule.half_period", "no effect"] },
        { new ScheduleSpec { Name = "linear-decay", CycleLow = 0.01 }, 100, 1000, ["schedule.cycle_low", "no effect"] },
        { new ScheduleSpec { Name = "cyclical" }, 100, 1000, ["schedule.half_period", "at least one iteration"] },
        { new ScheduleSpec { Name = "linear-decay", PerEpoch = true }, 100, 1000, ["schedule.per_epoch", "linear-decay"] },
        { new ScheduleSpec { Name = "cosine", Warmup = It(150), PerEpoch = true }, 100, 1000, ["schedule.warmup", "150it", "whole number of epochs"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [It(250)], PerEpoch = true }, 100, 1000, ["schedule.drops", "250it", "whole number of epochs"] },
        { new ScheduleSpec { Name = "cosine", PerEpoch = true }, 100, 1050, ["schedule.per_epoch", "1050", "training.duration"] },
        { new ScheduleSpec { Name = "warmup-step", Drops = [Ep(10)], PerEpoch = true }, 100, 1000, ["schedule.drops", "10ep", "0..9"] },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_rejects_bad_schedule_settings_naming_the_key_and_value(ScheduleSpec spec, long ipe, long levelSteps, string[] mentions)
    {
        var ex = Assert.Throws<RewindUserException>(() => StepSchedules.Validate(spec, ipe, levelSteps));
        foreach (var m in mentions) Assert.Contains(m, ex.Message);
    }

    [Fact]
    public void From_spec_rejects_level_independent_mistakes_too()
    {
        Assert.Throws<RewindUserException>(() => StepSchedules.FromSpec(new ScheduleSpec { Name = "nope" }, 100, true));
        Assert.Throws<RewindUserException>(() => StepSchedules.FromSpec(new ScheduleSpec { Name = "cyclical" }, 100, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedules.FromSpec(new ScheduleSpec(), 0, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepSchedules.Validate(new ScheduleSpec(), 100, 0));
    }
}
