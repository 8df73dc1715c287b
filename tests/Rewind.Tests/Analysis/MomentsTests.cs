using Rewind.Analysis;

namespace Rewind.Tests.Analysis;

/// <summary>The streaming statistics behind the per-level gradient and activation statistics (ALGORITHMS §6.5, §6.7).</summary>
public sealed class MomentsTests
{
    [Fact]
    public void Moments_give_count_mean_mean_square_std_and_range_and_merge_chunks_exactly()
    {
        var m = Moments.Empty.Add([1f, 2f, 3f, 4f]);
        Assert.Equal((4L, 2.5, 7.5, 1.0, 4.0), (m.Count, m.Mean, m.MeanSquare, m.Min, m.Max));
        Assert.Equal(Math.Sqrt(1.25), m.Std, 15);
        Assert.Equal(Math.Sqrt(7.5), m.Rms, 15);
        Assert.Equal(m, Moments.Empty.Add([1f, 2f]).Merge(Moments.Empty.Add([3f, 4f])));
        Assert.True(double.IsNaN(Moments.Empty.MeanSquare));
        // E_AA of ALGORITHMS §8.4: activations [[1, 2], [3, 0]] → 3.5.
        Assert.Equal(3.5, Moments.Empty.Add([1f, 2f, 3f, 0f]).MeanSquare);
    }

    [Fact]
    public void Histogram_counted_in_chunks_equals_the_one_pass_histogram()
    {
        // The probe's values are float32 gradients; edges come from their own minimum and maximum (as doubles).
        float[] values = [-0.3f, 0.1f, 0.2f, 0.3f, 0.05f, -0.12f, 0.29f, -0.3f];
        var asDouble = values.Select(v => (double)v).ToArray();
        var whole = Distributions.Histogram(asDouble, Distributions.SturgesBins(values.Length));
        var moments = Moments.Empty.Add(values);
        var edges = Distributions.EqualWidthEdges(moments.Min, moments.Max, whole.Bins);
        Assert.Equal(whole.Edges, edges);
        var counts = new long[whole.Bins];
        Distributions.CountInto(values.AsSpan(0, 3), edges, counts);
        Distributions.CountInto(values.AsSpan(3), edges, counts);
        Assert.Equal(whole.Counts, counts);
        Assert.Throws<ArgumentException>(() => Distributions.CountInto([0.5f], edges, new long[whole.Bins]));
    }
}
