using Rewind.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>Shared bookkeeping of the optimizers: named parameters and named per-parameter state buffers.</summary>
public abstract class OptimizerBase : IOptimizer
{
    private readonly Dictionary<string, Tensor> _state = new(StringComparer.Ordinal);

    /// <summary>The parameters being optimised, by name.</summary>
    protected IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Creates the optimizer over the named parameters.</summary>
    protected OptimizerBase(IEnumerable<(string Name, Parameter Parameter)> parameters) =>
        Parameters = parameters.ToList();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Registers a zero-initialised state buffer shaped like <paramref name="like"/>.</summary>
    protected Tensor AddState(string name, Tensor like)
    {
        using var temporaries = NewDisposeScope();
        var t = zeros_like(like).detach().DetachFromDisposeScope();
        _state[name] = t;
        return t;
    }

    /// <summary>Registers a zero-initialised scalar state (double precision, e.g. a step counter).</summary>
    protected Tensor AddScalarState(string name)
    {
        var t = zeros(1, ScalarType.Float64).DetachFromDisposeScope();
        _state[name] = t;
        return t;
    }

    /// <inheritdoc/>
    public abstract void Step(double learningRate);

    /// <inheritdoc/>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in _state)
        {
            if (state.TryGetValue(name, out var src)) t.copy_(src);
            else t.zero_();
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        foreach (var t in _state.Values) t.zero_();
    }

    /// <inheritdoc/>
    public void ApplyMask(MaskSet mask, IReadOnlyList<PrunableTensor> prunable)
    {
        foreach (var (name, m) in mask.Masks)
            foreach (var (key, t) in _state)
                if (key.StartsWith(name + ".", StringComparison.Ordinal) && t.shape.SequenceEqual(m.shape))
                    t.mul_(m);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
        _state.Clear();
        GC.SuppressFinalize(this);
    }
}
