using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

/// <summary>How many seeds a paired comparison needs, against closed forms.</summary>
public sealed class SeedPlanningTests
{
    [Fact]
    public void Normal_closed_form_is_z_sum_times_sigma_over_delta_squared()
    {
        // (1.959964 + 0.841621)² = 7.848879 for σ = δ.
        Assert.Equal(7.848879, SeedPlanning.NormalApproximation(1, 1), 5);
        Assert.Equal(4 * 7.848879, SeedPlanning.NormalApproximation(2, 1), 4);
    }

    [Fact]
    public void The_t_based_count_is_the_smallest_n_meeting_the_condition_and_approaches_the_closed_form()
    {
        // σ = δ: n = 10 is the first with √n ≥ t_0.975,n−1 + t_0.8,n−1 (n = 9: 3 < 2.306 + 0.889 = 3.195; n = 10: 3.162 ≥ 2.262 + 0.883 = 3.145).
        Assert.Equal(10, SeedPlanning.SeedsNeeded(1, 1));
        // For σ/δ = 10 the closed form gives 784.9; the t correction adds about two seeds.
        int large = SeedPlanning.SeedsNeeded(10, 1);
        Assert.InRange(large, 785, 788);
        Assert.Equal(2, SeedPlanning.SeedsNeeded(0, 0.2));
        Assert.Equal(50, SeedPlanning.SeedsNeeded(100, 0.01, cap: 50));
    }
}
