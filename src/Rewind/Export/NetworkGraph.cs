namespace Rewind.Export;

/// <summary>
/// A trained network as plain data, the one form every exporter, the compaction and the FLOP count read: the input
/// shape of one example, the class count and a list of inference operations (eval mode: BatchNorm uses its running
/// statistics). Weights are float arrays in PyTorch's layout (Linear [out, in], Conv [out, in, kh, kw]); layer names
/// are the model's own module names (<c>fc1</c>, <c>layer1.0.conv1</c>), so masks (<c>&lt;name&gt;.weight</c>) line up.
/// </summary>
/// <param name="Model">The catalog name of the architecture it came from (e.g. <c>lenet-300-100</c>).</param>
/// <param name="InputShape">Shape of one example, e.g. [1, 28, 28].</param>
/// <param name="Classes">Number of outputs (logits).</param>
/// <param name="Ops">The operations in order.</param>
public sealed record NetworkGraph(string Model, long[] InputShape, int Classes, IReadOnlyList<GraphOp> Ops)
{
    /// <summary>Every Linear and Conv layer, residual bodies and projections included, in execution order.</summary>
    public IEnumerable<WeightOp> WeightLayers() => WeightLayersOf(Ops);

    /// <summary>Number of stored parameters (weights, biases, BN scale and shift; not BN running statistics).</summary>
    public long ParameterCount() => AllOps(Ops).Sum(op => op switch
    {
        LinearOp l => l.Weight.Count + (l.Bias?.Count ?? 0),
        ConvOp c => c.Weight.Count + (c.Bias?.Count ?? 0),
        BatchNormOp b => b.Scale.Count + b.Shift.Count,
        _ => 0L,
    });

    /// <summary>Number of weights of the Linear and Conv layers that are not zero.</summary>
    public long NonzeroWeights() => WeightLayers().Sum(w => w.Weight.Data.LongCount(v => v != 0f));

    /// <summary>Every operation, descending into residual blocks (body, then projection).</summary>
    public static IEnumerable<GraphOp> AllOps(IEnumerable<GraphOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        foreach (var op in ops)
        {
            yield return op;
            if (op is not ResidualOp r) continue;
            foreach (var inner in AllOps(r.Body)) yield return inner;
            foreach (var inner in AllOps(r.Projection)) yield return inner;
        }
    }

    private static IEnumerable<WeightOp> WeightLayersOf(IEnumerable<GraphOp> ops) => AllOps(ops).OfType<WeightOp>();
}

/// <summary>A float tensor as plain data: row-major values and a shape.</summary>
public sealed record GraphTensor(float[] Data, long[] Shape)
{
    /// <summary>Number of scalars.</summary>
    public long Count => Data.LongLength;

    /// <summary>A tensor of <paramref name="n"/> zeros, shape [n].</summary>
    public static GraphTensor Zeros(long n) => new(new float[n], [n]);
}

/// <summary>One inference operation of a <see cref="NetworkGraph"/>.</summary>
public abstract record GraphOp;

/// <summary>A layer with a weight tensor whose first dimension is its output units (neurons or filters).</summary>
public abstract record WeightOp(string Name, GraphTensor Weight, GraphTensor? Bias) : GraphOp
{
    /// <summary>Output units (rows of the weight).</summary>
    public long Units => Weight.Shape[0];

    /// <summary>Scalars per unit (one row of the weight).</summary>
    public long RowLength => Weight.Count / Weight.Shape[0];
}

/// <summary>y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c>); a 4-D input is flattened first, as Rewind's MLPs do.</summary>
public sealed record LinearOp(string Name, GraphTensor Weight, GraphTensor? Bias) : WeightOp(Name, Weight, Bias);

/// <summary>A 2-D convolution, square kernel, equal stride and zero padding on every side (<c>nn.Conv2d</c>).</summary>
public sealed record ConvOp(string Name, GraphTensor Weight, GraphTensor? Bias, int Stride, int Padding) : WeightOp(Name, Weight, Bias);

/// <summary>Inference-mode batch normalisation per channel: (x − mean)/√(var + eps)·scale + shift.</summary>
public sealed record BatchNormOp(string Name, GraphTensor Scale, GraphTensor Shift, GraphTensor Mean, GraphTensor Var, double Eps) : GraphOp
{
    /// <summary>The output of channel <paramref name="c"/> for a constant input <paramref name="x"/> (in double).</summary>
    public double Apply(int c, double x) => (x - Mean.Data[c]) / Math.Sqrt(Var.Data[c] + Eps) * Scale.Data[c] + Shift.Data[c];
}

/// <summary>max(x, 0).</summary>
public sealed record ReluOp : GraphOp;

/// <summary>Max-pooling with a square window and no padding.</summary>
public sealed record MaxPoolOp(int Kernel, int Stride) : GraphOp;

/// <summary>Mean over the spatial dimensions, keeping [N, C, 1, 1].</summary>
public sealed record GlobalAvgPoolOp : GraphOp;

/// <summary>Flattens [N, C, H, W] to [N, C·H·W] (channel-major, as PyTorch).</summary>
public sealed record FlattenOp : GraphOp;

/// <summary>Keeps the features <see cref="Indices"/> (in that order) of a flattened [N, F] input: how compaction drops
/// input features no weight reads (the border pixels of a pruned MLP).</summary>
public sealed record InputSelectOp(long Features, long[] Indices) : GraphOp;

/// <summary>
/// A residual basic block: relu(body(x) + shortcut(x)). The shortcut is the projection when it has operations, else
/// the zero-padding shortcut when <see cref="ZeroPad"/> is set (He et al. option A), else the identity.
/// </summary>
public sealed record ResidualOp(string Name, IReadOnlyList<GraphOp> Body, IReadOnlyList<GraphOp> Projection, ZeroPadShortcut? ZeroPad) : GraphOp;

/// <summary>Option-A shortcut: every <see cref="Stride"/>-th pixel, then <see cref="Before"/> zero channels in front and
/// <see cref="After"/> behind.</summary>
public sealed record ZeroPadShortcut(int Stride, int Before, int After);
