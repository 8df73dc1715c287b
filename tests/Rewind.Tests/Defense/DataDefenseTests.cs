namespace Rewind.Tests.Defense;

/// <summary>Issue 12, cases 4 and 13: a folder named by data.dir is used alone and recorded, and the CLI takes --data as the README says.</summary>
[Collection("defense")]
public class DataDefenseTests
{
    private static readonly string[] Files =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>A small MNIST-format dataset of 8×8 images (512 training, 128 test, 4 classes) whose pixels reveal the label.</summary>
    private static void WriteIdx(string folder, int seed = 0)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        void Split(string prefix, int count)
        {
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 4)).ToArray();
            var pixels = labels.SelectMany(l => Enumerable.Range(0, 64).Select(p => (byte)(p / 16 == l ? 200 : random.Next(0, 60)))).ToArray();
            File.WriteAllBytes(Path.Combine(folder, prefix + "-images-idx3-ubyte"), Idx([count, 8, 8], pixels, 3));
            File.WriteAllBytes(Path.Combine(folder, prefix + "-labels-idx1-ubyte"), Idx([count], labels, 1));
        }
        Split("train", 512);
        Split("t10k", 128);
    }

    private static byte[] Idx(int[] shape, byte[] payload, byte dims)
    {
        var bytes = new List<byte> { 0, 0, 0x08, dims };
        foreach (int d in shape) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(payload);
        return [.. bytes];
    }

    private static string Spec(string dataDir) => Defense.Spec
        .Replace("data: { name: synthetic }", $"data: {{ name: fashion-mnist, dir: \"{dataDir}\" }}", StringComparison.Ordinal)
        .Replace("batch_size: 64", "batch_size: 32", StringComparison.Ordinal);

    [Fact]
    public void Case04_an_incomplete_data_dir_is_refused_naming_the_missing_file_without_falling_back_to_another_copy()
    {
        using var tmp = new TempDir();
        WriteIdx(tmp["data"]);
        File.Delete(tmp["data/t10k-labels-idx1-ubyte"]);
        File.WriteAllText(tmp["spec.yaml"], Spec(tmp["data"]));
        var result = Defense.Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Defense.Refused(result, 2, "data.dir", tmp["data"], "t10k-labels-idx1-ubyte", "does not fall back");
        Assert.False(Directory.Exists(tmp["run"]));

        Directory.CreateDirectory(tmp["data/t10k-labels-idx1-ubyte"]); // a folder where the file should be
        result = Defense.Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Defense.Refused(result, 2, tmp["data/t10k-labels-idx1-ubyte"] + " is a folder where a file is expected");
        Assert.False(Directory.Exists(tmp["run"]));
    }

    [Fact]
    public void Case04_a_run_records_the_data_files_it_read_and_refuses_to_resume_on_other_data_until_they_are_back()
    {
        using var tmp = new TempDir();
        WriteIdx(tmp["data"]);
        var spec = Spec(tmp["data"]);
        File.WriteAllText(tmp["spec.yaml"], spec);
        Defense.Ok(Defense.Cli("run", tmp["spec.yaml"], "--out", tmp["straight"]));

        Defense.Interrupted(spec, tmp["run"], level: 1, epoch: 1);
        var record = File.ReadAllText(tmp["run/data.json"]);
        foreach (var f in Files) Assert.Contains(Path.Combine(tmp["data"], f), record);
        Assert.Contains("\"sha256\"", record);

        var original = File.ReadAllBytes(tmp["data/train-images-idx3-ubyte"]);
        WriteIdx(tmp["other"], seed: 1);
        File.Copy(tmp["other/train-images-idx3-ubyte"], tmp["data/train-images-idx3-ubyte"], overwrite: true); // same size, other pixels
        Defense.Refused(Defense.Cli("run", "--resume", tmp["run"]), 2, "trained on other data", "train-images-idx3-ubyte", "sha256");
        File.WriteAllBytes(tmp["data/train-images-idx3-ubyte"], original);
        Defense.Ok(Defense.Cli("run", "--resume", tmp["run"]));
        Defense.SameResults(tmp["straight"], tmp["run"]);
    }

    [Fact]
    public void Case13_run_compare_and_experiment_take_data_dir_as_the_readme_documents()
    {
        using var tmp = new TempDir();
        WriteIdx(tmp["data"]);
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec
            .Replace("data: { name: synthetic }", "data: { name: fashion-mnist }", StringComparison.Ordinal)
            .Replace("levels: 2", "levels: 0", StringComparison.Ordinal));
        Defense.Ok(Defense.Cli("run", tmp["spec.yaml"], "--data", tmp["data"], "--out", tmp["run"]));
        Assert.Contains($"dir: {tmp["data"]}", File.ReadAllText(tmp["run/spec.yaml"]));
        Assert.Contains(Path.Combine(tmp["data"], "train-images-idx3-ubyte"), File.ReadAllText(tmp["run/data.json"]));

        foreach (var help in new[] { new[] { "compare", "--help" }, ["experiment", "schedules", "--help"], ["run", "--help"] })
            Assert.Contains("--data", Defense.Cli(help).Out);
        var compare = Defense.Cli("compare", tmp["spec.yaml"], "--data", tmp["no-such-folder"], "--strategies", "lrr", "--out", tmp["cmp"]);
        Defense.Refused(compare, 2, "data.dir", tmp["no-such-folder"]);
    }
}
