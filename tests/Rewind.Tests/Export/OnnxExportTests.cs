using Rewind.Export;
using static TorchSharp.torch;

namespace Rewind.Tests.Export;

public class OnnxExportTests
{
    public static TheoryData<string, long[]> Models => new()
    {
        { "lenet-300-100", [1, 28, 28] },
        { "conv-16-32", [3, 16, 16] },
        { "resnet-20", [3, 32, 32] },
        { "resnet-20-b", [3, 16, 16] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Masked_and_compacted_exports_match_rewind_logits_in_onnx_runtime(string name, long[] shape)
    {
        using var pruned = PrunedModel.Create(name, shape, 0.3);
        using var gen = new Generator(11, CPU);
        using var x = randn([5, .. shape], generator: gen);
        var expected = pruned.Logits(x);
        var input = x.data<float>().ToArray();
        long[] dims = x.shape;

        var graph = pruned.Graph();
        var compacted = Compaction.Compact(graph).Graph;
        foreach (var g in new[] { graph, compacted })
        {
            using var runner = new OnnxRunner(OnnxExporter.ToBytes(g));
            Assert.Equal([OnnxExporter.InputName], runner.InputNames);
            Assert.Equal([OnnxExporter.OutputName], runner.OutputNames);
            Assert.Equal(-1, runner.InputDimensions[0]); // dynamic batch
            Assert.InRange(Close.MaxAbsDiff(expected, runner.Run(input, dims)), 0, 1e-5);
        }
    }

    [Fact]
    public void The_batch_dimension_is_dynamic()
    {
        using var pruned = PrunedModel.Create("conv-16-32", [3, 16, 16], 0.5);
        using var runner = new OnnxRunner(OnnxExporter.ToBytes(pruned.Graph()));
        foreach (int n in new[] { 1, 3 })
        {
            using var x = ones(n, 3, 16, 16);
            Assert.Equal(n * 10, runner.Run(x.data<float>().ToArray(), x.shape).Length);
        }
    }
}
