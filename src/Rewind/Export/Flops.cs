namespace Rewind.Export;

/// <summary>
/// Theoretical cost of one forward pass of one example through a <see cref="NetworkGraph"/>: multiply–accumulates
/// (MACs) of the Linear and Conv layers, counting every weight (what a dense kernel computes) or only the nonzero
/// ones (what an ideal sparse kernel would). FLOPs are 2 × MACs; BatchNorm, ReLU, pooling and sums are left out
/// (they are a few percent of the total for these networks).
/// </summary>
public static class Flops
{
    /// <summary>(dense MACs, nonzero-weight MACs) per example.</summary>
    public static (long Dense, long Nonzero) Macs(NetworkGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long dense = 0, nonzero = 0;
        Walk(graph.Ops, graph.InputShape, ref dense, ref nonzero);
        return (dense, nonzero);
    }

    private static long[] Walk(IReadOnlyList<GraphOp> ops, long[] shape, ref long dense, ref long nonzero)
    {
        foreach (var op in ops)
        {
            switch (op)
            {
                case LinearOp l:
                    dense += l.Weight.Count;
                    nonzero += NonzeroCount(l.Weight);
                    shape = [l.Weight.Shape[0]];
                    break;
                case ConvOp c:
                    long k = c.Weight.Shape[2];
                    long h = (shape[1] + 2 * c.Padding - k) / c.Stride + 1, w = (shape[2] + 2 * c.Padding - k) / c.Stride + 1;
                    dense += c.Weight.Count * h * w;
                    nonzero += NonzeroCount(c.Weight) * h * w;
                    shape = [c.Weight.Shape[0], h, w];
                    break;
                case MaxPoolOp m:
                    shape = [shape[0], (shape[1] - m.Kernel) / m.Stride + 1, (shape[2] - m.Kernel) / m.Stride + 1];
                    break;
                case GlobalAvgPoolOp:
                    shape = [shape[0], 1, 1];
                    break;
                case FlattenOp:
                    shape = [shape.Aggregate(1L, (a, b) => a * b)];
                    break;
                case InputSelectOp s:
                    shape = [s.Indices.LongLength];
                    break;
                case ResidualOp r:
                    var outShape = Walk(r.Body, shape, ref dense, ref nonzero);
                    Walk(r.Projection, shape, ref dense, ref nonzero);
                    shape = outShape;
                    break;
            }
        }
        return shape;
    }

    private static long NonzeroCount(GraphTensor t) => t.Data.LongCount(v => v != 0f);
}
