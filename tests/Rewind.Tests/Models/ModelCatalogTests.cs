using Rewind.Models;
using Rewind.Sparsity;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rewind.Tests.Models;

public sealed class ModelCatalogTests(ITestOutputHelper output)
{
    private static readonly long[] Cifar = [3, 32, 32];
    private static readonly long[] FashionMnist = [1, 28, 28];

    /// <summary>Counts worked out by hand (3×32×32 inputs, 10 classes):
    /// resnet-20 convs 432 + 6·2304 + (4608 + 5·9216) + (18432 + 5·36864) = 267,696, fc 640 → 268,336 prunable;
    /// 19 BN layers over 688 channels → 1,376 γ/β, fc bias 10 → 269,722. resnet-20-b adds 1×1 shortcuts 512 + 2,048
    /// and their BN 2·(32 + 64). resnet-18: 11,164,352 prunable (Paper A, ALGORITHMS.md §0.1) + 4,800 BN channels·2 + 10.
    /// vgg-19: 20,018,880 conv + 5,120 fc = 20,024,000 prunable; + 5,504 conv biases + 11,008 BN + 10 = 20,040,522
    /// (open_lth's test).</summary>
    [Theory]
    [InlineData("resnet-20", 269_722, 268_336, 20)]
    [InlineData("resnet-20-b", 272_474, 270_896, 22)]
    [InlineData("resnet-18", 11_173_962, 11_164_352, 21)]
    [InlineData("vgg-19", 20_040_522, 20_024_000, 17)]
    [InlineData("conv-16-32", 25_626, 25_520, 3)]
    public void Parameter_and_prunable_counts_on_cifar_match_the_hand_computed_numbers(string name, long total, long prunable, int tensors)
    {
        long counted = ModelCatalog.ParameterCount(name, Cifar, 10);
        using var meta = ModelCatalog.Build(name, Cifar, 10, META);
        var weights = Prunable.Of(meta);
        long prunableCount = weights.Sum(w => w.Parameter.numel());
        output.WriteLine($"{name}: {counted:N0} parameters, {prunableCount:N0} prunable in {weights.Count} tensors");

        Assert.Equal(total, counted);
        Assert.Equal(prunable, prunableCount);
        Assert.Equal(tensors, weights.Count);
    }

    [Theory]
    [InlineData("conv-16-32")]
    [InlineData("resnet-20")]
    [InlineData("resnet-20-b")]
    public void Counting_on_the_meta_device_equals_counting_the_built_model(string name)
    {
        using var model = ModelCatalog.Create(name, FashionMnist, 7, seed: 0);
        Assert.Equal(model.parameters().Sum(p => p.numel()), ModelCatalog.ParameterCount(name, FashionMnist, 7));
    }

    [Theory]
    [InlineData("conv-8-16", 3, 32, 10)]
    [InlineData("conv-8", 1, 28, 10)]
    [InlineData("resnet-20", 3, 32, 10)]
    [InlineData("resnet-20", 1, 28, 10)]
    [InlineData("resnet-20-b", 1, 28, 100)]
    [InlineData("resnet-18", 3, 32, 10)]
    [InlineData("resnet-18", 1, 28, 10)]
    [InlineData("vgg-19", 3, 32, 100)]
    [InlineData("vgg-19", 1, 28, 10)]
    public void Models_map_a_batch_of_the_dataset_shape_to_one_logit_per_class(string name, int channels, int size, int classes)
    {
        using var scope = NewDisposeScope();
        var model = ModelCatalog.Create(name, [channels, size, size], classes, seed: 1);
        using var g = new Generator(2);
        var x = randn([3, channels, size, size], generator: g);

        var logits = model.forward(x);

        Assert.Equal([3L, classes], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        model.Dispose();
    }

    [Theory]
    [InlineData("resnet-20")]
    [InlineData("conv-8-16")]
    [InlineData("vgg-19")]
    public void The_same_seed_gives_the_same_initial_weights_and_another_seed_different_ones(string name)
    {
        using var a = ModelCatalog.Create(name, Cifar, 10, seed: 7);
        using var b = ModelCatalog.Create(name, Cifar, 10, seed: 7);
        using var c = ModelCatalog.Create(name, Cifar, 10, seed: 8);
        var sa = a.state_dict();
        var sb = b.state_dict();
        var sc = c.state_dict();

        Assert.Equal(sa.Keys, sb.Keys);
        foreach (var key in sa.Keys)
            Assert.True(Data.Same.Tensors(sa[key], sb[key]), key);
        Assert.False(Data.Same.Tensors(sa["conv1.weight".Replace("conv1", FirstConv(name), StringComparison.Ordinal)],
            sc["conv1.weight".Replace("conv1", FirstConv(name), StringComparison.Ordinal)]));
    }

    private static string FirstConv(string name) => name == "vgg-19" ? "layers.0.conv" : "conv1";

    [Fact]
    public void Initialisation_is_kaiming_normal_fan_in_with_bn_scale_one_and_shift_zero()
    {
        using var model = ModelCatalog.Create("resnet-18", Cifar, 10, seed: 3);
        var state = model.state_dict();
        // layer4.1.conv2: 512·512·9 = 2.36 M weights, fan-in 4608 → std √(2/4608) = 0.020833.
        using (var std = state["layer4.1.conv2.weight"].std())
            Assert.Equal(Math.Sqrt(2.0 / 4608), std.item<float>(), 3e-4);
        using (var mean = state["layer4.1.conv2.weight"].mean())
            Assert.Equal(0.0, mean.item<float>(), 1e-4);
        // fc: fan-in 512 → weight std 0.0625; bias uniform within ±1/√512.
        using (var std = state["fc.weight"].std())
            Assert.Equal(0.0625, std.item<float>(), 4e-3);
        using (var maxBias = state["fc.bias"].abs().max())
            Assert.True(maxBias.item<float>() <= 1 / Math.Sqrt(512));
        foreach (var (key, t) in state.Where(kv => kv.Key.Contains("bn", StringComparison.Ordinal) || kv.Key.Contains("downsample.1", StringComparison.Ordinal)))
        {
            double expected = key.EndsWith(".weight", StringComparison.Ordinal) || key.EndsWith("running_var", StringComparison.Ordinal) ? 1 : 0;
            using var all = t.to_type(ScalarType.Float64).eq(expected).all();
            Assert.True(all.item<bool>(), key);
        }
    }

    [Fact]
    public void Module_names_follow_pytorch_so_weights_line_up()
    {
        using var r18 = ModelCatalog.Build("resnet-18", Cifar, 10, META);
        var names = r18.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("bn1.running_mean", names);
        Assert.Contains("layer1.0.conv2.weight", names);
        Assert.Contains("layer2.0.downsample.0.weight", names);
        Assert.Contains("layer4.1.bn2.num_batches_tracked", names);
        Assert.Contains("fc.bias", names);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names);

        using var r20 = ModelCatalog.Build("resnet-20", Cifar, 10, META);
        Assert.Contains("layer3.2.conv2.weight", r20.state_dict().Keys);
        Assert.DoesNotContain(r20.state_dict().Keys, k => k.Contains("downsample", StringComparison.Ordinal));

        using var vgg = ModelCatalog.Build("vgg-19", Cifar, 10, META);
        var v = vgg.state_dict().Keys.ToHashSet();
        Assert.Contains("layers.0.conv.weight", v);
        Assert.Contains("layers.0.conv.bias", v);
        Assert.Contains("layers.3.bn.weight", v); // index 2 is the first max-pool, as in open_lth's Sequential
        Assert.Contains("layers.19.conv.weight", v);
        Assert.Contains("fc.weight", v);
    }

    [Fact]
    public void Prunable_tensors_are_every_conv_and_linear_weight_including_shortcut_convs()
    {
        using var model = ModelCatalog.Build("resnet-18", Cifar, 10, META);
        var prunable = Prunable.Of(model).Select(p => p.Name).ToList();
        var expected = model.state_dict().Keys
            .Where(k => k.EndsWith(".weight", StringComparison.Ordinal) && (k.Contains("conv", StringComparison.Ordinal) ||
                        k.Contains("downsample.0", StringComparison.Ordinal) || k.StartsWith("fc", StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(expected.Order(), prunable.Order());
        Assert.Contains("layer3.0.downsample.0.weight", prunable);
        Assert.Equal("fc.weight", prunable[^1]);
    }

    [Theory]
    [InlineData("resnet-18", "layer4.1.conv2.weight")]
    [InlineData("resnet-20", "layer3.2.conv2.weight")]
    [InlineData("vgg-19", "layers.19.conv.weight")]
    public void Keeping_the_output_dense_leaves_out_the_classifier_and_nothing_else(string name, string lastConv)
    {
        using var model = ModelCatalog.Build(name, Cifar, 10, META);
        var all = Prunable.Of(model).Select(p => p.Name).ToList();
        var kept = Prunable.Of(model, keepOutputDense: true).Select(p => p.Name).ToList();

        Assert.Equal(all.Where(n => n != "fc.weight"), kept);
        Assert.Equal(lastConv, kept[^1]);
        Assert.Equal(model.named_parameters().Select(p => p.name).Where(all.Contains), all); // PyTorch's order
    }

    [Theory]
    [InlineData("resnet-18", 20)]
    [InlineData("resnet-20", 19)]
    [InlineData("vgg-19", 16)]
    [InlineData("conv-8-16", 2)]
    public void Batch_norm_state_is_every_bn_parameter_and_buffer_as_paper_a_selects_it(string name, int layers)
    {
        using var model = ModelCatalog.Build(name, Cifar, 10, META);
        var bn = Prunable.BatchNormStateNames(model);
        // Paper A's rule (ALGORITHMS.md §5.2): every state key containing "bn" or "downsample.1".
        var paperA = model.state_dict().Keys
            .Where(k => k.Contains("bn", StringComparison.Ordinal) || k.Contains("downsample.1", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Equal(paperA.Order(), bn.Order());
        Assert.Equal(5 * layers, bn.Count); // γ, β, running mean, running variance, batches tracked
    }

    [Theory]
    [InlineData("conv-0")]
    [InlineData("conv-")]
    [InlineData("conv-8-x")]
    [InlineData("conv-1-2-3-4-5-6-7")]
    [InlineData("resnet-21")]
    [InlineData("vgg19")]
    public void Malformed_names_are_unknown(string name)
    {
        Assert.False(ModelCatalog.IsKnown(name));
        var e = Assert.Throws<RewindUserException>(() => ModelCatalog.Create(name, Cifar, 10, seed: 0));
        Assert.Contains("resnet-20", e.Message);
    }

    [Fact]
    public void Every_listed_example_is_known()
    {
        Assert.All(ModelCatalog.Examples, name => Assert.True(ModelCatalog.IsKnown(name), name));
    }

    [Fact]
    public void A_convolutional_model_on_flat_inputs_is_a_user_error_that_suggests_an_image_dataset()
    {
        var e = Assert.Throws<RewindUserException>(() => ModelCatalog.Create("resnet-20", [32], 4, seed: 0));
        Assert.Contains("image inputs", e.Message);
        Assert.Contains("synthetic-images", e.Message);
    }

    [Fact]
    public void Vgg_on_images_smaller_than_its_four_pools_allow_is_a_user_error()
    {
        var e = Assert.Throws<RewindUserException>(() => ModelCatalog.ParameterCount("vgg-19", [3, 8, 8], 10));
        Assert.Contains("16×16", e.Message);
    }
}
