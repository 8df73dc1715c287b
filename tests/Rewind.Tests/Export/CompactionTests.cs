using Rewind.Data;
using Rewind.Export;
using static TorchSharp.torch;

namespace Rewind.Tests.Export;

public class CompactionTests
{
    [Fact]
    public void LeNet_loses_the_unused_the_zero_and_the_folded_neuron_of_each_hidden_layer()
    {
        using var pruned = PrunedModel.Create("lenet-300-100", [1, 28, 28], 0.9); // dense enough that no other unit dies
        using (no_grad())
        {
            foreach (int pixel in new[] { 5, 700 }) pruned.Masks["fc1.weight"][.., pixel].zero_(); // two pixels nobody reads
            pruned.Model.named_parameters().Single(p => p.name == "fc1.weight").parameter.mul_(pruned.Masks["fc1.weight"]);
        }
        var result = Compaction.Compact(pruned.Graph());
        Assert.Equal(
        [
            new LayerCompaction(Compaction.InputLayer, 784, 782, 2, 0, 0, 0),
            new LayerCompaction("fc1", 300, 297, 1, 1, 1, 0),
            new LayerCompaction("fc2", 100, 97, 1, 1, 1, 0),
            new LayerCompaction("fc3", 10, 10, 0, 0, 0, 0),
        ], result.Layers);
        Assert.Equal(8, result.UnitsRemoved);
        var shapes = result.Graph.WeightLayers().Select(w => string.Join("x", w.Weight.Shape)).ToArray();
        Assert.Equal(["297x782", "97x297", "10x97"], shapes);
        var select = Assert.Single(result.Graph.Ops.OfType<InputSelectOp>());
        Assert.DoesNotContain(5L, select.Indices);
        Assert.DoesNotContain(700L, select.Indices);
        using var module = new GraphModule(result.Graph);
        using var x = randn(4, 1, 28, 28);
        using var y = module.forward(x);
        Assert.InRange(Close.MaxAbsDiff(pruned.Logits(x), y.data<float>().ToArray()), 0, 1e-5);
    }

    [Fact]
    public void A_constant_filter_before_a_padded_conv_is_kept_and_one_before_the_classifier_is_folded()
    {
        using var pruned = PrunedModel.Create("conv-16-32", [3, 16, 16], 0.3);
        var result = Compaction.Compact(pruned.Graph());
        Assert.Equal(new LayerCompaction("conv1", 16, 14, 1, 1, 0, 1), result.Layers[0]);
        Assert.Equal(new LayerCompaction("conv2", 32, 30, 0, 1, 1, 0), result.Layers[1]);
        // the classifier reads 4×4 inputs per remaining channel of conv2
        Assert.Equal([10, 30 * 16], result.Graph.WeightLayers().Last().Weight.Shape);
    }

    [Fact]
    public void ResNet_blocks_lose_inner_channels_only_so_the_residual_sums_still_add_up()
    {
        using var pruned = PrunedModel.Create("resnet-20", [3, 32, 32], 0.3);
        var result = Compaction.Compact(pruned.Graph());
        foreach (var layer in result.Layers.Where(l => l.Layer != Compaction.InputLayer))
        {
            bool inner = layer.Layer.EndsWith(".conv1", StringComparison.Ordinal) && layer.Layer.StartsWith("layer", StringComparison.Ordinal);
            Assert.Equal(inner ? layer.UnitsBefore - 2 : layer.UnitsBefore, layer.UnitsAfter);
            if (inner) Assert.Equal(1, layer.KeptConstant);
        }
        Assert.Equal(9 * 2, result.UnitsRemoved);
    }

    [Theory]
    [InlineData("lenet-300-100", 0.05)]
    [InlineData("conv-16-32", 0.1)]
    [InlineData("resnet-20", 0.1)]
    [InlineData("resnet-20-b", 0.2)]
    [InlineData("vgg-19", 0.05)]
    public void The_compacted_network_predicts_the_whole_test_set_as_the_masked_one(string name, double density)
    {
        bool images = name != "lenet-300-100";
        int test = name == "vgg-19" ? 32 : 256;
        using var data = images ? SyntheticData.Images(3, trainCount: 1, testCount: test, size: 32) : SyntheticData.Images(3, 1, 512, channels: 1, size: 28);
        using var pruned = PrunedModel.Create(name, data.InputShape, density);
        var compacted = Compaction.Compact(pruned.Graph());
        Assert.True(compacted.UnitsRemoved > 0);
        Assert.True(compacted.Graph.ParameterCount() < pruned.Graph().ParameterCount());
        using var module = new GraphModule(compacted.Graph);
        using var noGrad = no_grad();
        var expected = pruned.Logits(data.TestInputs);
        using var y = module.forward(data.TestInputs);
        var actual = y.data<float>().ToArray();
        Assert.InRange(Close.MaxAbsDiff(expected, actual), 0, 1e-5);
        using var e = tensor(expected).reshape(-1, 10).argmax(1);
        using var a = y.argmax(1);
        Assert.Equal(e.data<long>().ToArray(), a.data<long>().ToArray());
    }

    [Fact]
    public void Removing_rows_and_input_slices_keeps_the_chosen_entries_in_order()
    {
        var w = new GraphTensor([.. Enumerable.Range(0, 12).Select(i => (float)i)], [2, 6]); // 2 outputs, 3 units × 2 inputs each
        Assert.Equal([0f, 1f, 4f, 5f, 6f, 7f, 10f, 11f], Compaction.InputColumns(w, [0, 2], 2).Data);
        Assert.Equal([6f, 7f, 8f, 9f, 10f, 11f], Compaction.Rows(w, [1]).Data);
    }
}
