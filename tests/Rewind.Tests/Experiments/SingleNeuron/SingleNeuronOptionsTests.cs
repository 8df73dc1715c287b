using Rewind.Experiments.SingleNeuron;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronOptionsTests
{
    [Fact]
    public void Defaults_are_the_papers_set_up()
    {
        var o = new SingleNeuronOptions();
        Assert.Equal([1, 2, 5, 10], o.Dims);
        Assert.Equal((10, 3, 0.01, 1000, SingleNeuronOptimizer.Lbfgs), (o.Runs, o.Levels, o.NoiseVariance, o.StepsPerLevel, o.Optimizer));
        o.Validate();
    }

    [Fact]
    public void Dims_text_is_parsed_and_bad_entries_are_user_errors()
    {
        Assert.Equal([1, 2, 5, 10], SingleNeuronOptions.ParseDims("1,2, 5,10"));
        var e = Assert.Throws<RewindUserException>(() => SingleNeuronOptions.ParseDims("1,x"));
        Assert.Contains("\"x\"", e.Message, StringComparison.Ordinal);
        Assert.Throws<RewindUserException>(() => SingleNeuronOptions.ParseDims("-2"));
    }

    [Fact]
    public void Optimizer_names_map_to_the_enum_in_order_and_unknown_names_list_the_choices()
    {
        Assert.Equal(SingleNeuronOptimizer.Lbfgs, SingleNeuronOptions.ParseOptimizer("lbfgs"));
        Assert.Equal(SingleNeuronOptimizer.LbfgsStrongWolfe, SingleNeuronOptions.ParseOptimizer("LBFGS-Strong-Wolfe"));
        Assert.Equal(SingleNeuronOptimizer.GradientDescent, SingleNeuronOptions.ParseOptimizer("gradient-descent"));
        var e = Assert.Throws<RewindUserException>(() => SingleNeuronOptions.ParseOptimizer("adam"));
        Assert.Contains("lbfgs, lbfgs-strong-wolfe, gradient-descent", e.Message, StringComparison.Ordinal);
    }
}
