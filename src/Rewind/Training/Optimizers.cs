using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>Builds the optimizer an <see cref="OptimizerSpec"/> names, over every parameter of a model.</summary>
public static class Optimizers
{
    /// <summary>Names accepted by <c>optimizer.name</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "adam", "rmsprop"];

    /// <summary>Creates the optimizer for <paramref name="model"/>.</summary>
    public static IOptimizer Create(OptimizerSpec spec, nn.Module model)
    {
        var parameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        return spec.Name switch
        {
            "sgd" => new SgdOptimizer(parameters, spec.Momentum, spec.WeightDecay, spec.Nesterov),
            "adam" => new AdamOptimizer(parameters, spec.Beta1, spec.Beta2, spec.Eps, spec.WeightDecay),
            "rmsprop" => new RmspropOptimizer(parameters, spec.Alpha, spec.Eps, spec.WeightDecay, spec.RmspropMomentum, spec.Centered),
            _ => throw new RewindUserException($"optimizer.name: '{spec.Name}' is not known. Valid: {string.Join(", ", Names)}."),
        };
    }
}
