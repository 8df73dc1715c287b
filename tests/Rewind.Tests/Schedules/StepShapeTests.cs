using Rewind.Schedules;

namespace Rewind.Tests.Schedules;

public sealed class StepShapeTests
{
    private const double Exact = 1e-12;

    public static TheoryData<IStepSchedule> AllShapes() =>
    [
        new ConstantSchedule(),
        new LinearDecaySchedule(100),
        new CyclicalSchedule(0, 10),
        new WarmupStepSchedule(10, [50]),
        new CosineWarmupSchedule(10, 0.01),
        new PaperACosineWarmup(5),
        PaperAStepWarmup.Default(5),
    ];

    [Theory]
    [MemberData(nameof(AllShapes))]
    public void Every_shape_rejects_steps_outside_the_level(IStepSchedule schedule)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(-1, 1000, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(1000, 1000, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(0, 0, 0.1));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(500L)]
    [InlineData(999L)]
    public void Constant_schedule_trains_every_step_at_the_peak(long step)
    {
        Assert.Equal(0.01, new ConstantSchedule().LearningRate(step, 1000, 0.01));
    }

    [Theory]
    [InlineData(0L, 0.03)]
    [InlineData(31_500L, 0.015)]
    [InlineData(63_000L, 0.0)]
    public void Paper_B_lr_decay_3e2_over_63K_hits_the_spec_vector(long t, double expected)
    {
        // t = our 0-based step; a level one step longer than b lets us ask for t = b itself.
        var lr = new LinearDecaySchedule(63_000).LearningRate(t, 63_001, 0.03);
        Assert.Equal(expected, lr, Exact);
    }

    [Fact]
    public void Lr_decay_trains_the_first_step_at_the_peak_and_the_last_step_of_a_b_long_level_at_a_over_b()
    {
        var decay = new LinearDecaySchedule(63_000);
        Assert.Equal(0.03, decay.LearningRate(0, 63_000, 0.03));
        Assert.Equal(0.03 / 63_000, decay.LearningRate(62_999, 63_000, 0.03), 1e-15);
    }

    [Fact]
    public void Lr_decay_stays_at_zero_after_b_steps()
    {
        Assert.Equal(0.0, new LinearDecaySchedule(1000).LearningRate(1500, 2000, 0.03));
    }

    [Fact]
    public void Lr_decay_with_zero_length_decays_over_the_whole_level()
    {
        var decay = new LinearDecaySchedule(0);
        Assert.Equal(0.05, decay.LearningRate(50, 100, 0.1), Exact);
        Assert.Equal(0.001, decay.LearningRate(99, 100, 0.1), Exact);
    }

    [Theory]
    [InlineData(0L, 0.0)]
    [InlineData(4_000L, 0.015)]
    [InlineData(8_000L, 0.03)]
    [InlineData(12_000L, 0.015)]
    [InlineData(16_000L, 0.0)]
    [InlineData(20_000L, 0.015)]
    public void Paper_B_cyclical_0_3e2_8K_hits_the_spec_vector(long t, double expected)
    {
        var lr = new CyclicalSchedule(0, 8_000).LearningRate(t, 63_000, 0.03);
        Assert.Equal(expected, lr, Exact);
    }

    [Theory]
    [InlineData(0L, 0.01)]
    [InlineData(5L, 0.02)]
    [InlineData(10L, 0.03)]
    [InlineData(15L, 0.02)]
    [InlineData(20L, 0.01)]
    [InlineData(25L, 0.02)]
    public void Cyclical_rises_from_its_low_end_to_the_peak_in_one_half_period_and_back(long t, double expected)
    {
        Assert.Equal(expected, new CyclicalSchedule(0.01, 10).LearningRate(t, 100, 0.03), Exact);
    }

    [Theory]
    [InlineData(1L, 9.1692085e-6)]
    [InlineData(5_000L, 0.0458460425)]
    [InlineData(10_000L, 0.0916920850)]
    [InlineData(20_000L, 0.0916920850)]
    [InlineData(31_999L, 0.0916920850)]
    [InlineData(32_000L, 0.0091692085)]
    [InlineData(47_999L, 0.0091692085)]
    [InlineData(48_000L, 0.00091692085)]
    [InlineData(63_000L, 0.00091692085)]
    public void Silo_VGG19_cycle_at_level_5_hits_the_spec_vector_with_1_based_t(long t, double expected)
    {
        var shape = new WarmupStepSchedule(10_000, [32_000, 48_000]);
        Assert.Equal(expected, shape.LearningRate(t - 1, 63_000, 0.0916920850), Exact);
    }

    [Fact]
    public void Warmup_step_with_Table_15_ResNet20_reading_drops_exactly_where_the_ramp_reaches_the_peak()
    {
        var shape = new WarmupStepSchedule(20_000, [20_000, 25_000]);
        Assert.Equal(0.03 * 19_999 / 20_000, shape.LearningRate(19_998, 63_000, 0.03), Exact);
        Assert.Equal(0.003, shape.LearningRate(19_999, 63_000, 0.03), Exact);
        Assert.Equal(0.0003, shape.LearningRate(24_999, 63_000, 0.03), Exact);
    }

    [Fact]
    public void Warmup_step_without_ramp_starts_at_the_peak()
    {
        var shape = new WarmupStepSchedule(0, [10]);
        Assert.Equal(0.1, shape.LearningRate(0, 20, 0.1));
        Assert.Equal(0.1, shape.LearningRate(8, 20, 0.1));
        Assert.Equal(0.01, shape.LearningRate(9, 20, 0.1), Exact);
    }

    [Fact]
    public void Warmup_step_applies_its_own_factor_once_per_drop_passed()
    {
        var shape = new WarmupStepSchedule(0, [10, 20], 0.5);
        Assert.Equal(0.05, shape.LearningRate(9, 30, 0.1), Exact);
        Assert.Equal(0.025, shape.LearningRate(19, 30, 0.1), Exact);
    }

    [Fact]
    public void Warmup_step_rejects_drops_that_are_not_1_based_and_increasing_and_factors_outside_0_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupStepSchedule(0, [0]));
        Assert.Throws<ArgumentException>(() => new WarmupStepSchedule(0, [20, 10]));
        Assert.Throws<ArgumentException>(() => new WarmupStepSchedule(0, [10, 10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupStepSchedule(0, [], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupStepSchedule(0, [], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupStepSchedule(-1, []));
    }

    [Theory]
    [InlineData(0L, 0.025)]
    [InlineData(3L, 0.1)]
    [InlineData(4L, 0.1)]
    [InlineData(9L, 0.055)]
    public void Cosine_warmup_ramps_with_1_based_steps_then_follows_the_cosine_to_its_floor(long step, double expected)
    {
        // W = 4, T = 14: the cosine spans steps 4..13 over 10 steps, cos(π/2) at step 9.
        Assert.Equal(expected, new CosineWarmupSchedule(4, 0.01).LearningRate(step, 14, 0.1), Exact);
    }

    [Fact]
    public void Cosine_warmup_last_step_stops_one_cosine_step_short_of_the_floor()
    {
        double expected = 0.01 + 0.5 * (1 + Math.Cos(Math.PI * 9 / 10)) * 0.09;
        Assert.Equal(expected, new CosineWarmupSchedule(4, 0.01).LearningRate(13, 14, 0.1), Exact);
    }

    [Fact]
    public void Cosine_without_warmup_starts_at_the_peak()
    {
        var cosine = new CosineWarmupSchedule(0, 0);
        Assert.Equal(0.1, cosine.LearningRate(0, 100, 0.1));
        Assert.Equal(0.05, cosine.LearningRate(50, 100, 0.1), Exact);
    }
}
