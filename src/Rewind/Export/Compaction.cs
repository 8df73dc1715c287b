namespace Rewind.Export;

/// <summary>
/// Turns a pruned network into a smaller dense one with the same outputs: removes the units (FC neurons, conv
/// filters) whose outgoing or incoming weights are all zero, together with their bias and BatchNorm entries and the
/// next layer's matching inputs (for a conv layer feeding a flattened classifier, the H·W inputs of each channel).
/// Repeats until nothing changes, since a removal can leave another unit without inputs or outputs.
/// <para>
/// A unit with no incoming weight still emits a constant c = relu(BN(bias)) (pooling keeps it constant). It is removed
/// only when that is exact: when c = 0; or when the next layer is a Linear layer (or an unpadded conv), whose bias
/// then absorbs W[:, unit]·c (summed in double, rounded once to float); next to a zero-padded conv the constant's
/// contribution differs at the image border, so such a unit is kept and counted in <see cref="LayerCompaction.KeptConstant"/>.
/// </para>
/// <para>
/// Residual networks: only the inner channels of each block (conv1 → bn1 → conv2) are removed; the channels of the
/// residual stream (stem, conv2/bn2 outputs, projections) are shared by every block of a stage through the sums and
/// are kept, so shapes still add up. The classifier's outputs are never removed; an MLP's input features that no
/// weight reads are dropped by a selection (<see cref="InputSelectOp"/>) in front of the first layer, the input
/// shape staying as it was.
/// </para>
/// </summary>
public static class Compaction
{
    /// <summary>The compacted graph and what was removed per layer.</summary>
    public static CompactionResult Compact(NetworkGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var stats = new Dictionary<string, LayerCompaction>(StringComparer.Ordinal);
        foreach (var w in graph.WeightLayers()) stats[w.Name] = new LayerCompaction(w.Name, w.Units, w.Units, 0, 0, 0, 0);
        var ops = CompactChain(graph.Ops, stats);
        var input = SelectInputs(ops);
        var compacted = graph with { Ops = ops };
        foreach (var w in compacted.WeightLayers()) stats[w.Name] = stats[w.Name] with { UnitsAfter = w.Units };
        var layers = graph.WeightLayers().Select(w => stats[w.Name]).ToList();
        if (input is not null) layers.Insert(0, input);
        return new CompactionResult(compacted, layers);
    }

    /// <summary>
    /// When the network starts with a Linear layer on the flattened input, drops the input features none of its
    /// weights reads (a Gather of the kept ones comes first): the input itself keeps its shape.
    /// </summary>
    private static LayerCompaction? SelectInputs(List<GraphOp> ops)
    {
        int first = ops.FindIndex(op => op is not FlattenOp);
        if (first < 0 || ops[first] is not LinearOp linear) return null;
        long features = linear.Weight.Shape[1];
        var keep = Enumerable.Range(0, (int)features).Where(f => !InputsAllZero(linear, f, 1)).ToArray();
        if (keep.Length == features || keep.Length == 0) return new LayerCompaction(InputLayer, features, features, 0, 0, 0, 0);
        ops[first] = linear with { Weight = InputColumns(linear.Weight, keep, 1) };
        if (ops.Count == 0 || ops[0] is not FlattenOp) ops.Insert(0, new FlattenOp());
        ops.Insert(first == 0 ? 1 : first, new InputSelectOp(features, keep.Select(k => (long)k).ToArray()));
        return new LayerCompaction(InputLayer, features, keep.Length, features - keep.Length, 0, 0, 0);
    }

    /// <summary>The row name of the input features in <see cref="CompactionResult.Layers"/>.</summary>
    public const string InputLayer = "input";

    private static List<GraphOp> CompactChain(IReadOnlyList<GraphOp> source, Dictionary<string, LayerCompaction> stats)
    {
        var ops = source.Select(op => op is ResidualOp r
            ? r with { Body = CompactChain(r.Body, stats), Projection = CompactChain(r.Projection, stats) }
            : op).ToList();
        bool changed = true;
        while (changed)
        {
            changed = false;
            var weights = Enumerable.Range(0, ops.Count).Where(i => ops[i] is WeightOp).ToList();
            for (int k = 0; k + 1 < weights.Count; k++)
                changed |= CompactPair(ops, weights[k], weights[k + 1], stats);
        }
        return ops;
    }

    /// <summary>Removes the removable units of the weight layer at <paramref name="p"/> whose consumer is at <paramref name="c"/>.</summary>
    private static bool CompactPair(List<GraphOp> ops, int p, int c, Dictionary<string, LayerCompaction> stats)
    {
        var between = ops.Skip(p + 1).Take(c - p - 1).ToList();
        if (between.Any(op => op is not (BatchNormOp or ReluOp or MaxPoolOp or GlobalAvgPoolOp or FlattenOp))) return false;
        var producer = (WeightOp)ops[p];
        var consumer = (WeightOp)ops[c];
        long units = producer.Units;
        long span; // consumer inputs per producer unit (H·W when a conv map is flattened into a Linear layer)
        if (consumer is ConvOp)
        {
            if (producer is not ConvOp || consumer.Weight.Shape[1] != units) return false;
            span = 1;
        }
        else
        {
            long inputs = consumer.Weight.Shape[1];
            if (inputs % units != 0) return false;
            span = inputs / units;
        }

        var remove = new bool[units];
        var fold = new double[units];
        int removed = 0, outDead = 0, zeroConstant = 0, folded = 0, keptConstant = 0;
        for (int u = 0; u < units; u++)
        {
            if (InputsAllZero(consumer, u, span))
            {
                remove[u] = true;
                outDead++;
                continue;
            }
            if (!RowAllZero(producer.Weight, u)) continue;
            double value = producer.Bias?.Data[u] ?? 0.0;
            foreach (var op in between)
            {
                if (op is BatchNormOp bn) value = bn.Apply(u, value);
                else if (op is ReluOp) value = Math.Max(value, 0.0);
            }
            if (value == 0.0)
            {
                remove[u] = true;
                zeroConstant++;
            }
            else if (consumer is LinearOp || consumer is ConvOp { Padding: 0 })
            {
                remove[u] = true;
                fold[u] = value;
                folded++;
            }
            else keptConstant++;
        }
        removed = outDead + zeroConstant + folded;
        if (removed == units) // never empty a layer: keep the last unit as it is
        {
            int last = (int)units - 1;
            if (fold[last] != 0) folded--;
            else if (InputsAllZero(consumer, last, span)) outDead--;
            else zeroConstant--;
            remove[last] = false;
            fold[last] = 0;
            removed--;
        }
        var s = stats[producer.Name];
        stats[producer.Name] = s with
        {
            RemovedOutputsUnused = s.RemovedOutputsUnused + outDead,
            RemovedConstantZero = s.RemovedConstantZero + zeroConstant,
            RemovedConstantFolded = s.RemovedConstantFolded + folded,
            KeptConstant = keptConstant,
        };
        if (removed == 0) return false;

        var keep = Enumerable.Range(0, (int)units).Where(u => !remove[u]).ToArray();
        ops[p] = producer with { Weight = Rows(producer.Weight, keep), Bias = producer.Bias is null ? null : Rows(producer.Bias, keep) };
        for (int i = p + 1; i < c; i++)
        {
            if (ops[i] is BatchNormOp bn)
                ops[i] = bn with { Scale = Rows(bn.Scale, keep), Shift = Rows(bn.Shift, keep), Mean = Rows(bn.Mean, keep), Var = Rows(bn.Var, keep) };
        }
        var bias = FoldedBias(consumer, fold, span);
        ops[c] = consumer with { Weight = InputColumns(consumer.Weight, keep, span), Bias = bias };
        return true;
    }

    private static bool RowAllZero(GraphTensor w, long u)
    {
        long len = w.Count / w.Shape[0];
        return w.Data.AsSpan((int)(u * len), (int)len).IndexOfAnyExcept(0f) < 0;
    }

    /// <summary>True when every weight of <paramref name="consumer"/> reading unit <paramref name="u"/> is zero.</summary>
    private static bool InputsAllZero(WeightOp consumer, long u, long span)
    {
        var w = consumer.Weight;
        long outs = w.Shape[0], inputs = w.Shape[1], inner = w.Count / (outs * inputs);
        for (long o = 0; o < outs; o++)
        {
            long start = (o * inputs + u * span) * inner;
            if (w.Data.AsSpan((int)start, (int)(span * inner)).IndexOfAnyExcept(0f) >= 0) return false;
        }
        return true;
    }

    private static GraphTensor? FoldedBias(WeightOp consumer, double[] fold, long span)
    {
        if (fold.All(v => v == 0)) return consumer.Bias;
        var w = consumer.Weight;
        long outs = w.Shape[0], inputs = w.Shape[1], inner = w.Count / (outs * inputs);
        var bias = consumer.Bias?.Data ?? new float[outs];
        var result = new float[outs];
        for (long o = 0; o < outs; o++)
        {
            double sum = bias[o];
            for (long u = 0; u < fold.Length; u++)
            {
                if (fold[u] == 0) continue;
                long start = (o * inputs + u * span) * inner;
                double dot = 0;
                for (long i = 0; i < span * inner; i++) dot += w.Data[start + i];
                sum += dot * fold[u];
            }
            result[o] = (float)sum;
        }
        return new GraphTensor(result, [outs]);
    }

    /// <summary>The rows (first-dimension entries) <paramref name="keep"/> of <paramref name="t"/>.</summary>
    internal static GraphTensor Rows(GraphTensor t, IReadOnlyList<int> keep)
    {
        long len = t.Count / t.Shape[0];
        var data = new float[keep.Count * len];
        for (int i = 0; i < keep.Count; i++)
            Array.Copy(t.Data, keep[i] * len, data, i * len, len);
        var shape = (long[])t.Shape.Clone();
        shape[0] = keep.Count;
        return new GraphTensor(data, shape);
    }

    /// <summary>The input slices (second dimension, <paramref name="span"/> entries per kept unit) <paramref name="keep"/>.</summary>
    internal static GraphTensor InputColumns(GraphTensor w, IReadOnlyList<int> keep, long span)
    {
        long outs = w.Shape[0], inputs = w.Shape[1], inner = w.Count / (outs * inputs);
        long newInputs = keep.Count * span;
        var data = new float[outs * newInputs * inner];
        for (long o = 0; o < outs; o++)
        {
            for (int i = 0; i < keep.Count; i++)
            {
                long from = (o * inputs + keep[i] * span) * inner;
                long to = (o * newInputs + i * span) * inner;
                Array.Copy(w.Data, from, data, to, span * inner);
            }
        }
        var shape = (long[])w.Shape.Clone();
        shape[1] = newInputs;
        return new GraphTensor(data, shape);
    }
}

/// <summary>A compacted network and the units removed from each layer.</summary>
public sealed record CompactionResult(NetworkGraph Graph, IReadOnlyList<LayerCompaction> Layers)
{
    /// <summary>Units removed over all layers.</summary>
    public long UnitsRemoved => Layers.Sum(l => l.UnitsBefore - l.UnitsAfter);
}

/// <summary>What compaction did to one layer's output units.</summary>
/// <param name="Layer">The layer name (e.g. <c>fc1</c>, <c>layer2.0.conv1</c>).</param>
/// <param name="UnitsBefore">Output units (neurons or filters) before.</param>
/// <param name="UnitsAfter">Output units after.</param>
/// <param name="RemovedOutputsUnused">Removed because the next layer reads none of its outputs.</param>
/// <param name="RemovedConstantZero">Removed because it has no incoming weight and its constant output is 0.</param>
/// <param name="RemovedConstantFolded">Removed with no incoming weight, its constant output folded into the next bias.</param>
/// <param name="KeptConstant">Units with no incoming weight kept because the next layer is a zero-padded conv.</param>
public sealed record LayerCompaction(string Layer, long UnitsBefore, long UnitsAfter, long RemovedOutputsUnused,
    long RemovedConstantZero, long RemovedConstantFolded, long KeptConstant);
