using Rewind.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Export;

/// <summary>
/// Reads a catalog model (<see cref="FullyConnected"/>, <see cref="ConvNet"/>, <see cref="ResNet"/>, <see cref="Vgg"/>)
/// into a <see cref="NetworkGraph"/>: the same computation as the model's <c>forward</c> in eval mode, with each
/// weight multiplied by its mask when masks are given (a pruned weight is then exactly 0).
/// </summary>
public static class GraphBuilder
{
    /// <summary>The inference graph of <paramref name="model"/>, built as <paramref name="modelName"/> for examples of
    /// shape <paramref name="inputShape"/>; <paramref name="masks"/> (by parameter name, e.g. <c>fc1.weight</c>) are applied.</summary>
    /// <exception cref="RewindUserException">The model is not one of the catalog's architectures.</exception>
    public static NetworkGraph FromModel(nn.Module<Tensor, Tensor> model, string modelName, long[] inputShape, int classes,
        IReadOnlyDictionary<string, Tensor>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var reader = new Reader(masks);
        var ops = new List<GraphOp>();
        using (no_grad())
        {
            switch (model)
            {
                case FullyConnected:
                    if (inputShape.Length > 1) ops.Add(new FlattenOp());
                    var linears = model.named_children().Select(c => (c.name, (Linear)c.module)).ToList();
                    for (int i = 0; i < linears.Count; i++)
                    {
                        ops.Add(reader.Linear(linears[i].name, linears[i].Item2));
                        if (i < linears.Count - 1) ops.Add(new ReluOp());
                    }
                    break;
                case ConvNet:
                    foreach (var (name, child) in model.named_children())
                    {
                        switch (child)
                        {
                            case Conv2d conv: ops.Add(reader.Conv(name, conv)); break;
                            case BatchNorm bn:
                                ops.Add(reader.BatchNorm(name, bn));
                                ops.Add(new ReluOp());
                                ops.Add(new MaxPoolOp(2, 2));
                                break;
                            case Linear fc:
                                ops.Add(new FlattenOp());
                                ops.Add(reader.Linear(name, fc));
                                break;
                        }
                    }
                    break;
                case ResNet:
                    foreach (var (name, child) in model.named_children())
                    {
                        switch (child)
                        {
                            case Conv2d conv: ops.Add(reader.Conv(name, conv)); break;
                            case BatchNorm bn:
                                ops.Add(reader.BatchNorm(name, bn));
                                ops.Add(new ReluOp());
                                break;
                            case Sequential stage:
                                foreach (var (index, block) in stage.named_children())
                                    ops.Add(reader.Block($"{name}.{index}", block));
                                break;
                            case Linear fc:
                                ops.Add(new GlobalAvgPoolOp());
                                ops.Add(new FlattenOp());
                                ops.Add(reader.Linear(name, fc));
                                break;
                        }
                    }
                    break;
                case Vgg:
                    foreach (var (name, child) in model.named_children())
                    {
                        if (child is Linear fc)
                        {
                            ops.Add(new GlobalAvgPoolOp());
                            ops.Add(new FlattenOp());
                            ops.Add(reader.Linear(name, fc));
                            continue;
                        }
                        foreach (var (index, layer) in child.named_children())
                        {
                            if (layer is MaxPool2d)
                            {
                                ops.Add(new MaxPoolOp(2, 2));
                                continue;
                            }
                            var parts = layer.named_children().ToDictionary(c => c.name, c => c.module);
                            ops.Add(reader.Conv($"{name}.{index}.conv", (Conv2d)parts["conv"]));
                            ops.Add(reader.BatchNorm($"{name}.{index}.bn", (BatchNorm)parts["bn"]));
                            ops.Add(new ReluOp());
                        }
                    }
                    break;
                default:
                    throw new RewindUserException(
                        $"model '{modelName}' ({model.GetType().Name}) cannot be exported: only the catalog's fully connected, conv-*, " +
                        "ResNet and VGG models are supported.");
            }
        }
        return new NetworkGraph(modelName, (long[])inputShape.Clone(), classes, ops);
    }

    /// <summary>Copies a tensor to a float array (CPU, contiguous, row-major).</summary>
    public static GraphTensor Read(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var cpu = t.detach().to(ScalarType.Float32, CPU).contiguous();
        return new GraphTensor(cpu.data<float>().ToArray(), cpu.shape);
    }

    private sealed class Reader(IReadOnlyDictionary<string, Tensor>? masks)
    {
        public LinearOp Linear(string name, Linear l) => new(name, Weight(name, l.weight!), l.bias is null ? null : Read(l.bias));

        public ConvOp Conv(string name, Conv2d c)
        {
            var w = c.weight!;
            if (w.shape[2] != w.shape[3])
                throw new NotSupportedException($"{name}: only square kernels are exported.");
            long stride = c.stride[0], padding = c.padding?[0] ?? 0;
            return new ConvOp(name, Weight(name, w), c.bias is null ? null : Read(c.bias), (int)stride, (int)padding);
        }

        public BatchNormOp BatchNorm(string name, BatchNorm bn) =>
            new(name, Read(bn.weight!), Read(bn.bias!), Read(bn.running_mean!), Read(bn.running_var!), bn.eps);

        public ResidualOp Block(string name, nn.Module block)
        {
            var parts = block.named_children().ToDictionary(c => c.name, c => c.module);
            var conv1 = (Conv2d)parts["conv1"];
            var conv2 = (Conv2d)parts["conv2"];
            var body = new List<GraphOp>
            {
                Conv($"{name}.conv1", conv1), BatchNorm($"{name}.bn1", (BatchNorm)parts["bn1"]), new ReluOp(),
                Conv($"{name}.conv2", conv2), BatchNorm($"{name}.bn2", (BatchNorm)parts["bn2"]),
            };
            var projection = new List<GraphOp>();
            ZeroPadShortcut? pad = null;
            long inChannels = conv1.weight!.shape[1], outChannels = conv2.weight!.shape[0];
            int stride = (int)conv1.stride[0];
            if (parts.TryGetValue("downsample", out var down))
            {
                var d = down.named_children().ToDictionary(c => c.name, c => c.module);
                projection.Add(Conv($"{name}.downsample.0", (Conv2d)d["0"]));
                projection.Add(BatchNorm($"{name}.downsample.1", (BatchNorm)d["1"]));
            }
            else if (stride != 1 || inChannels != outChannels)
            {
                int before = (int)((outChannels - inChannels) / 2);
                pad = new ZeroPadShortcut(stride, before, (int)(outChannels - inChannels - before));
            }
            return new ResidualOp(name, body, projection, pad);
        }

        private GraphTensor Weight(string name, Tensor w)
        {
            if (masks is null || !masks.TryGetValue(name + ".weight", out var mask)) return Read(w);
            using var masked = w.detach().mul(mask.to(w.dtype, w.device));
            return Read(masked);
        }
    }
}
