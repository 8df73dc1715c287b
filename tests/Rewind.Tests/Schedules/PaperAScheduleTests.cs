using Rewind.Schedules;

namespace Rewind.Tests.Schedules;

public sealed class PaperAScheduleTests
{
    private const double Exact = 1e-12;
    private const double TenDecimals = 5.1e-11;
    private const long StepsPerEpoch = 3;

    private static void AssertWholeEpoch(IStepSchedule schedule, int epochs, int e, double expected, double tolerance)
    {
        long total = epochs * StepsPerEpoch;
        for (long s = e * StepsPerEpoch; s < (e + 1) * StepsPerEpoch; s++)
            Assert.Equal(expected, schedule.LearningRate(s, total, 0.1), tolerance);
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(1, 0.02)]
    [InlineData(4, 0.05)]
    [InlineData(9, 0.1)]
    [InlineData(10, 0.1)]
    [InlineData(80, 0.055)]
    public void Paper_A_cosine_warmup_of_150_epochs_hits_the_exact_spec_values_for_the_whole_epoch(int e, double expected)
    {
        AssertWholeEpoch(new PaperACosineWarmup(StepsPerEpoch), 150, e, expected, Exact);
    }

    [Theory]
    [InlineData(11, 0.0999886706)]
    [InlineData(45, 0.0868198052)]
    [InlineData(115, 0.0231801948)]
    [InlineData(149, 0.0100113294)]
    public void Paper_A_cosine_warmup_of_150_epochs_hits_the_ten_decimal_spec_values(int e, double expected)
    {
        AssertWholeEpoch(new PaperACosineWarmup(StepsPerEpoch, 10, 0.01), 150, e, expected, TenDecimals);
    }

    [Fact]
    public void Paper_A_per_epoch_schedules_need_whole_epoch_levels()
    {
        Assert.Throws<ArgumentException>(() => new PaperACosineWarmup(StepsPerEpoch).LearningRate(0, 449, 0.1));
        Assert.Throws<ArgumentException>(() => PaperAStepWarmup.Default(StepsPerEpoch).LearningRate(0, 449, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaperACosineWarmup(0));
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(9, 0.1)]
    [InlineData(10, 0.1)]
    [InlineData(69, 0.1)]
    [InlineData(70, 0.01)]
    [InlineData(129, 0.01)]
    [InlineData(130, 0.001)]
    [InlineData(149, 0.001)]
    public void Paper_A_step_warmup_drops_at_epoch_indices_70_and_130(int e, double expected)
    {
        AssertWholeEpoch(PaperAStepWarmup.Default(StepsPerEpoch), 150, e, expected, Exact);
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(9, 0.01)]
    [InlineData(10, 0.1)]
    [InlineData(39, 0.1)]
    [InlineData(40, 0.01)]
    [InlineData(69, 0.01)]
    [InlineData(70, 0.001)]
    [InlineData(89, 0.001)]
    public void Paper_A_ImageNet_step_warmup_is_flat_then_drops_at_40_and_70(int e, double expected)
    {
        AssertWholeEpoch(PaperAStepWarmup.ImageNet(StepsPerEpoch), 90, e, expected, Exact);
    }

    [Theory]
    [InlineData(0, 0.002)]
    [InlineData(1, 0.004)]
    [InlineData(24, 0.05)]
    [InlineData(49, 0.1)]
    public void Paper_A_dense_warmup_of_50_epochs_ramps_with_e_plus_1_over_W(int e, double expected)
    {
        AssertWholeEpoch(PaperAStepWarmup.DenseWarmup(StepsPerEpoch, 50), 50, e, expected, Exact);
    }

    [Fact]
    public void Paper_A_ImageNet_dense_warmup_is_a_tenth_of_the_peak()
    {
        AssertWholeEpoch(PaperAStepWarmup.ImageNetDenseWarmup(StepsPerEpoch, 10), 10, 0, 0.01, Exact);
        AssertWholeEpoch(PaperAStepWarmup.ImageNetDenseWarmup(StepsPerEpoch, 10), 10, 9, 0.01, Exact);
    }

    [Fact]
    public void Paper_A_cosine_without_warmup_is_the_plain_cosine_from_epoch_0()
    {
        AssertWholeEpoch(new PaperACosineWarmup(StepsPerEpoch, 0, 0.01), 100, 0, 0.1, Exact);
        AssertWholeEpoch(new PaperACosineWarmup(StepsPerEpoch, 0, 0.01), 100, 50, 0.055, Exact);
    }
}
