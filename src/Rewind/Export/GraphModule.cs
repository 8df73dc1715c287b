using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>
/// Runs a <see cref="NetworkGraph"/> in TorchSharp (inference only): how Rewind evaluates and times a compacted
/// ticket, whose layer widths no catalog architecture has. With <c>sparseLinear</c> every Linear layer multiplies by
/// its weight stored as a sparse COO tensor (TorchSharp offers COO sparse tensors and sparse × dense products; it has
/// no CSR type and no sparse convolution, so convolutions stay dense).
/// </summary>
public sealed class GraphModule : nn.Module<Tensor, Tensor>
{
    private readonly NetworkGraph _graph;
    private readonly Dictionary<GraphTensor, Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<LinearOp> _sparse = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InputSelectOp, Tensor> _indices = new(ReferenceEqualityComparer.Instance);

    /// <summary>Copies the graph's tensors into TorchSharp tensors on the CPU.</summary>
    public GraphModule(NetworkGraph graph, bool sparseLinear = false) : base("graph")
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        foreach (var op in NetworkGraph.AllOps(graph.Ops))
        {
            switch (op)
            {
                case LinearOp l:
                    if (sparseLinear)
                    {
                        using var dense = Tensor(l.Weight);
                        _tensors[l.Weight] = dense.to_sparse().DetachFromDisposeScope();
                        _sparse.Add(l);
                    }
                    else Add(l.Weight);
                    Add(l.Bias);
                    break;
                case ConvOp c:
                    Add(c.Weight);
                    Add(c.Bias);
                    break;
                case InputSelectOp s:
                    _indices[s] = tensor(s.Indices).DetachFromDisposeScope();
                    break;
                case BatchNormOp b:
                    Add(b.Scale);
                    Add(b.Shift);
                    Add(b.Mean);
                    Add(b.Var);
                    break;
            }
        }
        eval();
    }

    /// <summary>The graph this module runs.</summary>
    public NetworkGraph Graph => _graph;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var result = Run(_graph.Ops, input);
        return result.MoveToOuterDisposeScope();
    }

    private Tensor Run(IReadOnlyList<GraphOp> ops, Tensor x)
    {
        foreach (var op in ops)
        {
            x = op switch
            {
                LinearOp l => Linear(l, x),
                ConvOp c => nn.functional.conv2d(x, T(c.Weight), c.Bias is null ? null : T(c.Bias),
                    strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding]),
                BatchNormOp b => nn.functional.batch_norm(x, T(b.Mean), T(b.Var), T(b.Scale), T(b.Shift), false, 0.1, b.Eps),
                ReluOp => nn.functional.relu(x),
                MaxPoolOp m => nn.functional.max_pool2d(x, m.Kernel, m.Stride),
                GlobalAvgPoolOp => nn.functional.adaptive_avg_pool2d(x, 1),
                FlattenOp => x.flatten(1),
                InputSelectOp s => x.index_select(1, _indices[s]),
                ResidualOp r => Residual(r, x),
                _ => throw new NotSupportedException(op.GetType().Name),
            };
        }
        return x;
    }

    private Tensor Linear(LinearOp l, Tensor x)
    {
        if (x.dim() > 2) x = x.flatten(1);
        if (!_sparse.Contains(l)) return nn.functional.linear(x, T(l.Weight), l.Bias is null ? null : T(l.Bias));
        var y = T(l.Weight).mm(x.t()).t();
        return l.Bias is null ? y : y.add(T(l.Bias), Scalars.One);
    }

    private Tensor Residual(ResidualOp r, Tensor x)
    {
        var body = Run(r.Body, x);
        Tensor shortcut;
        if (r.Projection.Count > 0) shortcut = Run(r.Projection, x);
        else if (r.ZeroPad is { } p)
        {
            var sub = x.slice(2, 0, x.shape[2], p.Stride).slice(3, 0, x.shape[3], p.Stride);
            shortcut = nn.functional.pad(sub, [0, 0, 0, 0, p.Before, p.After]);
        }
        else shortcut = x;
        return nn.functional.relu(body.add(shortcut, Scalars.One));
    }

    private Tensor T(GraphTensor g) => _tensors[g];

    private void Add(GraphTensor? g)
    {
        if (g is null || _tensors.ContainsKey(g)) return;
        _tensors[g] = Tensor(g);
    }

    private static Tensor Tensor(GraphTensor g) => tensor(g.Data, g.Shape).DetachFromDisposeScope();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var t in _tensors.Values.Concat(_indices.Values)) t.Dispose();
            _tensors.Clear();
            _indices.Clear();
        }
        base.Dispose(disposing);
    }
}
