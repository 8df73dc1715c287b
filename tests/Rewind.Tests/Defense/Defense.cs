using System.Buffers.Binary;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rewind.Cli;
using Rewind.Runs;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Tests.Defense;

/// <summary>
/// The fault-injection suite of issue 12: a run directory that defends itself. Its tests run alone (no other test
/// changes libtorch's thread count meanwhile), so a recovered run can be compared bit for bit with an uninterrupted one.
/// </summary>
[CollectionDefinition("defense", DisableParallelization = true)]
public sealed class DefenseCollection : ICollectionFixture<ReferenceRun>;

/// <summary>The tiny run every recovery is compared with, trained once, uninterrupted, through the CLI.</summary>
public sealed class ReferenceRun : IDisposable
{
    private readonly TempDir _tmp = new();

    public ReferenceRun()
    {
        SpecPath = _tmp["spec.yaml"];
        File.WriteAllText(SpecPath, Defense.Spec);
        Dir = _tmp["reference"];
        var (code, _, err) = Defense.Cli("run", SpecPath, "--out", Dir);
        if (code != 0) throw new InvalidOperationException("the reference run failed: " + err);
    }

    /// <summary>The spec file.</summary>
    public string SpecPath { get; }

    /// <summary>The finished run.</summary>
    public string Dir { get; }

    public void Dispose() => _tmp.Dispose();
}

/// <summary>Helpers of the fault-injection suite.</summary>
internal static class Defense
{
    /// <summary>Weight rewinding over two pruned levels of two epochs on generated data: every kind of run file appears.</summary>
    public const string Spec = """
        name: defense
        seed: 5
        threads: 1
        data: { name: synthetic }
        model: { name: fc-32x2 }
        training: { duration: 2ep, batch_size: 64 }
        optimizer: { name: sgd, lr: 0.05, momentum: 0.9 }
        schedule: { name: cosine, warmup: 10it }
        pruning: { strategy: wr, levels: 2, rate: 0.5, rewind_to: 10it }
        """;

    /// <summary>The CLI in this process: exit code, standard output, standard error.</summary>
    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Asserts a refusal: the exit code, no stack trace, and every expected fragment in the message.</summary>
    public static void Refused((int Code, string Out, string Err) result, int code, params string[] fragments)
    {
        Assert.True(result.Code == code, $"exit code {result.Code}, expected {code}; stderr: {result.Err}\nstdout: {result.Out}");
        Assert.DoesNotContain("   at ", result.Err); // no stack trace
        Assert.DoesNotContain("internal error", result.Err);
        foreach (var f in fragments) Assert.Contains(f, result.Err);
    }

    /// <summary>Asserts success (exit 0), showing the error output otherwise.</summary>
    public static void Ok((int Code, string Out, string Err) result) =>
        Assert.True(result.Code == 0, $"exit code {result.Code}; stderr: {result.Err}\nstdout: {result.Out}");

    /// <summary>
    /// Starts <paramref name="spec"/> in <paramref name="dir"/> and stops it at the end of epoch <paramref name="epoch"/>
    /// of level <paramref name="level"/> (as Ctrl-C would): levels before it are done, that level has a checkpoint.
    /// </summary>
    public static void Interrupted(string spec, string dir, int level, int epoch)
    {
        using var cts = new CancellationTokenSource();
        var stopper = new StopAt(level, epoch, cts);
        Assert.Throws<OperationCanceledException>(() => Run.Start(SpecLoader.FromYaml(spec, "spec.yaml"), dir, stopper, cts.Token));
        Assert.True(File.Exists(Path.Combine(dir, "levels", level.ToString("00", System.Globalization.CultureInfo.InvariantCulture), "checkpoint.safetensors")));
    }

    private sealed class StopAt(int level, int epoch, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnEpochEnd(EpochMetrics m)
        {
            if (m.Level == level && m.Epoch == epoch) cts.Cancel();
        }
    }

    /// <summary>Every metric of a run except wall-clock seconds: metrics.csv and each level's metrics.jsonl.</summary>
    public static string Deterministic(string runDir)
    {
        var lines = new List<string>();
        var csv = File.ReadAllLines(Path.Combine(runDir, "metrics.csv"));
        int secondsCol = Array.IndexOf(csv[0].Split(','), "seconds");
        lines.AddRange(csv.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != secondsCol))));
        foreach (var jsonl in Directory.GetFiles(Path.Combine(runDir, "levels"), "metrics.jsonl", SearchOption.AllDirectories).Order())
            lines.AddRange(File.ReadAllLines(jsonl).Select(l => Regex.Replace(l, "\"seconds\":[^,}]+", "")));
        return string.Join('\n', lines);
    }

    /// <summary>Asserts that <paramref name="actual"/> finished with the same metrics and the same tensors (every level's final state) as <paramref name="expected"/>.</summary>
    public static void SameResults(string expected, string actual)
    {
        Assert.Equal(Deterministic(expected), Deterministic(actual));
        var finals = Directory.GetFiles(Path.Combine(expected, "levels"), "final.safetensors", SearchOption.AllDirectories).Order().ToList();
        Assert.NotEmpty(finals);
        foreach (var final in finals)
        {
            var other = Path.Combine(actual, Path.GetRelativePath(expected, final));
            var (a, _) = Rewind.Storage.SafeTensors.Load(final);
            var (b, _) = Rewind.Storage.SafeTensors.Load(other);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var k in a.Keys) Assert.True(a[k].bytes.ToArray().SequenceEqual(b[k].bytes.ToArray()), $"{other}: {k} differs");
            foreach (var t in a.Values.Concat(b.Values)) t.Dispose();
        }
    }

    /// <summary>Writes 4,000 random bytes into the tensor data of a safetensors file (after its header).</summary>
    public static void Scramble(string path, int seed = 1)
    {
        var bytes = File.ReadAllBytes(path);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var noise = new byte[Math.Min(4000, bytes.Length - (int)dataStart)];
        new Random(seed).NextBytes(noise);
        noise.CopyTo(bytes, (int)dataStart);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A copy of every file of <paramref name="dir"/> (path → bytes), to show that a refusal wrote nothing.</summary>
    public static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "run.lock")
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>
    /// Rewrites a run directory as an older Rewind wrote it: no binding line in spec.yaml, no spec hash in summaries, no
    /// checksum, spec copy or alive counts in tensor files, no data record.
    /// </summary>
    public static void MakeLegacy(string dir)
    {
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, string.Join('\n', File.ReadAllText(spec).Split('\n').Skip(1)));
        File.Delete(Path.Combine(dir, "data.json"));
        foreach (var summary in Directory.GetFiles(dir, "summary.json", SearchOption.AllDirectories))
        {
            var json = JsonNode.Parse(File.ReadAllText(summary))!.AsObject();
            json.Remove("spec_sha256");
            File.WriteAllText(summary, json.ToJsonString() + "\n");
        }
        foreach (var file in Directory.GetFiles(dir, "*.safetensors", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            var header = JsonNode.Parse(bytes.AsSpan(8, n))!.AsObject();
            var meta = header["__metadata__"]!.AsObject();
            foreach (var key in new[] { "checksum", "spec_sha256", "spec", "alive" }) meta.Remove(key);
            var text = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
            int pad = (8 - text.Length % 8) % 8;
            using var output = File.Create(file);
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(text.Length + pad));
            output.Write(len);
            output.Write(text);
            output.Write(Enumerable.Repeat((byte)' ', pad).ToArray());
            output.Write(bytes.AsSpan(8 + n));
        }
    }
}
