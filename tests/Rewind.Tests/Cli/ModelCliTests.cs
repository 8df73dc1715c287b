using System.Globalization;
using System.Text.Json;
using Rewind.Cli;

namespace Rewind.Tests.Cli;

/// <summary>
/// Issue #13's definition of done: a short run of each small model from the CLI on generated 3×32×32 images
/// (<c>synthetic-images</c>) — dense level, one pruned level, metrics, and E_AA recorded as a number. The models of
/// 14 M weights and more (vgg-16, resnet-50, resnet-50-imagenet, alexnet, vit-b-16) spend seconds per run on
/// checkpoints and the level statistics alone; the model tests cover them with a training step on small images, the
/// hooks E_AA needs, and a forward pass (<c>Models/ModelFamilyTests</c>, <c>Models/HiddenRepresentationTests</c>).
/// </summary>
[Collection("cli")]
public class ModelCliTests
{
    private const string Spec = """
        name: model-cli
        seed: 0
        threads: 1
        data: { name: synthetic-images, train_subset: 16, test_subset: 8 }
        training: { duration: 2it, batch_size: 8, eval_batch_size: 8 }
        optimizer: { name: sgd, lr: 0.01, momentum: 0.9 }
        pruning: { strategy: lrr, levels: 1, rate: 0.2 }
        """;

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        return (CliApp.Run(args, o, e), o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("fc-64x2-bn")]
    [InlineData("conv-2")]
    [InlineData("conv-4")]
    [InlineData("conv-6")]
    [InlineData("mobilenet-v2-0.5")]
    [InlineData("densenet-40")]
    [InlineData("vit-tiny")]
    public void A_one_level_run_on_generated_images_records_metrics_and_a_numeric_e_aa(string model)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Spec);

        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"], "--set", $"model.name={model}");

        Assert.True(code == 0, err);
        var csv = File.ReadAllLines(tmp["run/metrics.csv"]);
        Assert.Equal(3, csv.Length);
        int density = Array.IndexOf(csv[0].Split(','), "density");
        Assert.Equal(0.8, double.Parse(csv[2].Split(',')[density], CultureInfo.InvariantCulture), 3);
        foreach (var level in new[] { "00", "01" })
        {
            using var stats = JsonDocument.Parse(File.ReadAllText(tmp[$"run/levels/{level}/statistics.json"]));
            var eaa = stats.RootElement.GetProperty("activation_mean_square");
            Assert.True(eaa.ValueKind == JsonValueKind.Number && double.IsFinite(eaa.GetDouble()) && eaa.GetDouble() > 0,
                $"{model} level {level}: E_AA = {eaa}");
        }
    }
}
