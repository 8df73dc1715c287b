using Rewind.Sparsity;

namespace Rewind.Tests.Sparsity;

public class LayerBudgetsTests
{
    private static readonly long[] ThreeLayers = [100, 1000, 10000];

    /// <summary>The 21 prunable tensors of Paper A's ResNet-18 for CIFAR (classifier as a 1×1 conv), N = 11 164 352.</summary>
    private static readonly long[] ResNet18 =
    [
        1728, 36864, 36864, 36864, 36864,
        73728, 147456, 8192, 147456, 147456,
        294912, 589824, 32768, 589824, 589824,
        1179648, 2359296, 131072, 2359296, 2359296,
        5120,
    ];

    [Theory]
    [InlineData(0.5, new[] { 1.0, 1.0, 0.185 }, 0.265766)]
    [InlineData(0.1, new[] { 1.0, 0.37, 0.037 }, 0.075676)]
    [InlineData(0.01, new[] { 0.37, 0.037, 0.0037 }, 0.01)]
    public void Balanced_without_redistribution_reproduces_the_section_8_4_densities(double d, double[] densities, double achieved)
    {
        var actual = LayerBudgets.BalancedDensities(ThreeLayers, d, BalancedVariant.NoRedistribution);
        for (int i = 0; i < 3; i++) Assert.Equal(densities[i], actual[i], 12);
        AssertAchieved(achieved, ThreeLayers, actual, LayerBudgets.BalancedPrunedCounts(ThreeLayers, d, BalancedVariant.NoRedistribution));
    }

    /// <summary>
    /// The documented achieved density is Σ d_l·n_l / N to 6 digits; the integer counts follow Paper A's
    /// <c>(long)((1−d_l)·n_l)</c>, which may keep one weight more per layer (e.g. (1−0.185)·10000 = 8149.999…).
    /// </summary>
    private static void AssertAchieved(double documented, long[] sizes, double[] densities, long[] pruned)
    {
        double ideal = densities.Select((d, i) => d * sizes[i]).Sum() / sizes.Sum();
        Assert.InRange(ideal, documented - 1e-6, documented + 1e-6);
        double actual = LayerBudgets.AchievedDensity(sizes, pruned);
        Assert.InRange(actual, ideal, ideal + (double)sizes.Length / sizes.Sum());
        Assert.All(sizes.Select((n, i) => n - pruned[i] - densities[i] * n), extra => Assert.InRange(extra, -1e-9, 1));
    }

    [Fact]
    public void Balanced_without_redistribution_keeps_100_370_370_at_density_0_1()
    {
        var pruned = LayerBudgets.BalancedPrunedCounts(ThreeLayers, 0.1, BalancedVariant.NoRedistribution);
        Assert.Equal(new long[] { 100, 370, 370 }, ThreeLayers.Select((n, i) => n - pruned[i]));
    }

    [Theory]
    [InlineData(0.8, 0.368539)]
    [InlineData(0.64, 0.315206)]
    [InlineData(0.2, 0.138380)]
    [InlineData(0.05, 0.044204)]
    [InlineData(0.01, 0.009661)]
    public void Balanced_without_redistribution_loses_budget_on_resnet18_as_paper_a_code_does(double d, double achieved)
    {
        Assert.Equal(11_164_352, ResNet18.Sum());
        AssertAchieved(achieved, ResNet18, LayerBudgets.BalancedDensities(ResNet18, d, BalancedVariant.NoRedistribution),
            LayerBudgets.BalancedPrunedCounts(ResNet18, d, BalancedVariant.NoRedistribution));
    }

    [Theory]
    [InlineData(0.8, 1_615_005.87)]
    [InlineData(0.64, 1_059_592.32)]
    [InlineData(0.2, 173_804.80)]
    [InlineData(0.05, 30_176.53)]
    [InlineData(0.01, 5_515.55)]
    public void Water_filling_finds_the_documented_level_and_prunes_the_exact_global_count(double d, double level)
    {
        Assert.Equal(level, LayerBudgets.WaterLevel(ResNet18, d), 2);
        var pruned = LayerBudgets.BalancedPrunedCounts(ResNet18, d, BalancedVariant.WaterFilling);
        Assert.Equal(PruningCounts.PrunedCount(d, ResNet18.Sum()), pruned.Sum());
        // Every layer not left dense keeps the water level, up to one weight of rounding.
        for (int i = 0; i < ResNet18.Length; i++)
        {
            long kept = ResNet18[i] - pruned[i];
            if (kept < ResNet18[i]) Assert.InRange(kept, Math.Floor(level), Math.Ceiling(level));
        }
    }

    [Fact]
    public void Water_filling_on_three_layers_reaches_the_requested_density_exactly()
    {
        foreach (double d in new[] { 0.5, 0.1, 0.01 })
        {
            var pruned = LayerBudgets.BalancedPrunedCounts(ThreeLayers, d, BalancedVariant.WaterFilling);
            Assert.Equal(PruningCounts.PrunedCount(d, 11100), pruned.Sum());
        }
        // d = 0.5: the two small layers stay dense and the third takes the rest (5550 − 1100 = 4450 kept).
        Assert.Equal(new long[] { 0, 0, 10000 - 4450 }, LayerBudgets.BalancedPrunedCounts(ThreeLayers, 0.5, BalancedVariant.WaterFilling));
    }

    private static readonly long[][] ErkShapes = [[16, 3, 3, 3], [32, 16, 3, 3], [10, 32]];

    [Fact]
    public void Erk_raw_factors_sum_all_dims_over_their_product()
    {
        var raw = LayerBudgets.ErkRawFactors(ErkShapes);
        Assert.Equal(new[] { 0.057870, 0.011719, 0.131250 }, raw.Select(r => Math.Round(r, 6)));
    }

    [Fact]
    public void Erk_at_half_density_rigl_redistributes_to_exactly_half_and_clamp_falls_short()
    {
        var (rigl, _) = LayerBudgets.ErkDensities(ErkShapes, 0.5, ErkVariant.RigL);
        Assert.Equal(new[] { 1, 0.418403, 1 }, rigl.Select(r => Math.Round(r, 6)));
        var (clamp, _) = LayerBudgets.ErkDensities(ErkShapes, 0.5, ErkVariant.Clamp);
        Assert.Equal(new[] { 1, 0.259556, 1 }, clamp.Select(r => Math.Round(r, 6)));
        long[] sizes = [432, 4608, 320];
        Assert.Equal(0.5, LayerBudgets.AchievedDensity(sizes, LayerBudgets.ErkPrunedCounts(ErkShapes, 0.5, ErkVariant.RigL)), 12);
        Assert.Equal(0.363439, clamp.Select((d, i) => d * sizes[i]).Sum() / 5360, 6);
        // Integer counts truncate per layer as Paper A's code does: within one weight per layer of the ideal.
        Assert.InRange(LayerBudgets.AchievedDensity(sizes, LayerBudgets.ErkPrunedCounts(ErkShapes, 0.5, ErkVariant.Clamp)),
            0.363439 - 3.0 / 5360, 0.363439 + 3.0 / 5360);
    }

    [Fact]
    public void Erk_at_a_tenth_needs_no_clamping_and_both_variants_agree()
    {
        foreach (var variant in new[] { ErkVariant.RigL, ErkVariant.Clamp })
        {
            var (d, eps) = LayerBudgets.ErkDensities(ErkShapes, 0.1, variant);
            Assert.Equal(4.42975207, eps, 8);
            Assert.Equal(new[] { 0.256351, 0.051911, 0.581405 }, d.Select(r => Math.Round(r, 6)));
        }
    }
}
