using Rewind.Cli;
using Rewind.Tests.Data.Images;

namespace Rewind.Tests.Cli;

/// <summary>The CLI on a generated image folder: found by <c>rewind data list</c>, trained on by <c>rewind run</c>.</summary>
[Collection("cli")]
public sealed class ImageDataCliTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Spec(string dir, string stream) => $$"""
        name: images
        seed: 0
        threads: 1
        data: { name: imagefolder, dir: "{{dir}}", image_size: 8, stream: {{stream}} }
        model: { name: conv-8 }
        training: { duration: 2ep, batch_size: 6, eval_batch_size: 4 }
        optimizer: { name: sgd, lr: 0.05 }
        pruning: { strategy: lrr, levels: 1 }
        """;

    [Fact]
    public void Data_list_finds_an_image_folder_and_a_run_on_it_gives_the_same_numbers_from_memory_and_from_disk()
    {
        using var tmp = new TempDir();
        ImageTestFiles.WriteImageFolder(tmp["images"], ["a", "b", "c"], trainPerClass: 6, testPerClass: 2, size: 10);

        var (listCode, list, _) = Cli("data", "list", "--data", tmp["images"]);
        Assert.Equal(0, listCode);
        Assert.Contains($"found: {tmp["images"]}", list.Split('\n').Single(l => l.StartsWith("imagefolder", StringComparison.Ordinal)));

        var columns = new List<string[]>();
        foreach (string stream in new[] { "memory", "disk" })
        {
            File.WriteAllText(tmp[$"{stream}.yaml"], Spec(tmp["images"], stream));
            var (code, _, err) = Cli("run", tmp[$"{stream}.yaml"], "--out", tmp[$"run-{stream}"]);
            Assert.True(code == 0, err);
            var csv = File.ReadAllLines(tmp[$"run-{stream}/metrics.csv"]);
            Assert.Equal(3, csv.Length); // header, dense level, one pruned level
            var header = csv[0].Split(',');
            int[] keep = new[] { "density", "test_accuracy", "test_loss", "train_loss", "train_accuracy" }.Select(c => Array.IndexOf(header, c)).ToArray();
            columns.Add(csv.Skip(1).SelectMany(l => keep.Select(i => l.Split(',')[i])).ToArray());
        }

        Assert.Equal(columns[0], columns[1]);
    }

    [Fact]
    public void A_corrupt_image_in_a_streamed_run_exits_2_naming_the_file()
    {
        using var tmp = new TempDir();
        ImageTestFiles.WriteImageFolder(tmp["images"], ["a", "b"], trainPerClass: 3, testPerClass: 1, size: 10);
        string bad = Path.Combine(tmp["images"], "val", "b", "img100.png");
        File.WriteAllText(bad, "not a png");
        File.WriteAllText(tmp["spec.yaml"], Spec(tmp["images"], "disk"));

        var (code, _, err) = Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);

        Assert.Equal(2, code);
        Assert.Contains(bad, err);
        Assert.DoesNotContain("   at ", err);
    }
}
