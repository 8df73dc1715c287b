using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>
/// The optimizers by name — the one list that <c>optimizer.name</c>'s allowed values and error hints read — each
/// built over every parameter of a model. Adding one is an <see cref="OptimizerBase"/> file plus one line here.
/// </summary>
public static class Optimizers
{
    private static readonly (string Name, Func<OptimizerSpec, IReadOnlyList<(string, Parameter)>, IOptimizer> Create)[] Entries =
    [
        ("sgd", (s, p) => new SgdOptimizer(p, s.Momentum, s.WeightDecay, s.Nesterov)),
        ("adam", (s, p) => new AdamOptimizer(p, s.Beta1, s.Beta2, s.Eps, s.WeightDecay)),
        ("rmsprop", (s, p) => new RmspropOptimizer(p, s.Alpha, s.Eps, s.WeightDecay, s.RmspropMomentum, s.Centered)),
    ];

    /// <summary>Names accepted by <c>optimizer.name</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>Creates the optimizer <paramref name="spec"/> names for every parameter of <paramref name="model"/>.</summary>
    public static IOptimizer Create(OptimizerSpec spec, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        var entry = Entries.FirstOrDefault(e => e.Name == spec.Name);
        return entry.Create is null
            ? throw new RewindUserException($"optimizer.name: '{spec.Name}' is not known. Valid: {string.Join(", ", Names)}.")
            : entry.Create(spec, parameters);
    }
}
