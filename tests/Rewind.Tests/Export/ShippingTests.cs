using System.Text.Json;
using Rewind.Cli;
using Rewind.Export;
using Rewind.Models;
using static TorchSharp.torch;

namespace Rewind.Tests.Export;

/// <summary>A tiny run shipped end to end through the CLI: export in every format, bench, report.</summary>
[Collection("cli")]
public class ShippingTests : IClassFixture<ShippingTests.TinyRun>
{
    private readonly TinyRun _run;

    public ShippingTests(TinyRun run) => _run = run;

    /// <summary>One 2-level LeNet-300-100 run on generated data, shared by the tests of this class.</summary>
    public sealed class TinyRun : IDisposable
    {
        public TempDir Tmp { get; } = new();
        public string Dir => Tmp["run"];

        public TinyRun()
        {
            File.WriteAllText(Tmp["spec.yaml"], """
                name: ship-test
                seed: 0
                threads: 1
                data: { name: synthetic }
                model: { name: lenet-300-100 }
                training: { duration: 1ep, batch_size: 64 }
                optimizer: { name: sgd, lr: 0.05 }
                pruning: { strategy: lrr, levels: 2, rate: 0.5 }
                """);
            var (code, _, err) = Cli("run", Tmp["spec.yaml"], "--out", Dir);
            Assert.True(code == 0, err);
        }

        public void Dispose() => Tmp.Dispose();
    }

    internal static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Onnx_and_torchsharp_exports_give_rewinds_logits()
    {
        var onnx = _run.Tmp["ticket.onnx"];
        var dat = _run.Tmp["ticket.dat"];
        var (code, output, err) = Cli("export", _run.Dir, "--format", "onnx", "--compact", "--out", onnx);
        Assert.True(code == 0, err);
        Assert.Contains("fc1", output); // the per-layer compaction table
        Assert.Equal(0, Cli("export", _run.Dir, "--format", "torchsharp", "--out", dat).Code);

        using var ticket = RunTicket.Load(_run.Dir);
        Assert.Equal(2, ticket.Level);
        using var x = randn(7, ticket.InputShape[0]);
        var expected = Logits(ticket.Model, x);
        using var runner = new OnnxRunner(File.ReadAllBytes(onnx));
        Assert.InRange(Close.MaxAbsDiff(expected, runner.Run(x.data<float>().ToArray(), x.shape)), 0, 1e-5);

        using var loaded = ModelCatalog.Create("lenet-300-100", ticket.InputShape, ticket.Classes, seed: 99);
        loaded.load(dat);
        Assert.Equal(expected, Logits(loaded, x));
    }

    [PythonFact]
    public void The_safetensors_export_loads_in_numpy_and_torch_with_masks_csr_and_matching_logits()
    {
        var file = _run.Tmp["ticket.safetensors"];
        var (code, _, err) = Cli("export", _run.Dir, "--format", "safetensors", "--out", file);
        Assert.True(code == 0, err);
        using var ticket = RunTicket.Load(_run.Dir);
        using var x = randn(5, ticket.InputShape[0]);
        var logits = Logits(ticket.Model, x);
        var expected = new
        {
            inputs = Rows(x.data<float>().ToArray(), (int)x.shape[1]),
            logits = Rows(logits, ticket.Classes),
            layers = new[] { "fc1", "fc2", "fc3" },
        };
        File.WriteAllText(_run.Tmp["expected.json"], JsonSerializer.Serialize(expected));
        var script = Path.Combine(AppContext.BaseDirectory, "python", "check_safetensors.py");
        var (exit, text) = PythonFactAttribute.Run(PythonFactAttribute.Python, $"\"{script}\" \"{file}\" \"{_run.Tmp["expected.json"]}\"");
        Assert.True(exit == 0, text);
        Assert.Contains("load_state_dict(strict=True) ok", text);
    }

    [Fact]
    public void Open_lth_names_map_lenet_and_resnet_keys()
    {
        Assert.Equal("fc_layers.0.weight", StateDictNames.Map("fc1.weight", "lenet-300-100", StateDictNaming.OpenLth));
        Assert.Equal("fc.bias", StateDictNames.Map("fc3.bias", "lenet-300-100", StateDictNaming.OpenLth));
        Assert.Equal("blocks.4.shortcut.1.running_var",
            StateDictNames.Map("layer2.1.downsample.1.running_var", "resnet-20-b", StateDictNaming.OpenLth));
        Assert.Equal("bn.weight", StateDictNames.Map("bn1.weight", "resnet-20-b", StateDictNaming.OpenLth));
        Assert.Equal("layers.3.conv.weight", StateDictNames.Map("layers.3.conv.weight", "vgg-19", StateDictNaming.OpenLth));
        Assert.Equal("layer1.0.conv1.weight", StateDictNames.Map("layer1.0.conv1.weight", "resnet-20", StateDictNaming.Torchvision));
    }

    [Fact]
    public void Bench_inference_writes_results_and_the_report_gains_what_this_ticket_buys()
    {
        var (code, output, err) = Cli("bench-inference", _run.Dir, "--quick", "--rounds", "2");
        Assert.True(code == 0, err);
        Assert.Contains("What this ticket buys", output);
        var results = InferenceResults.Read(_run.Dir)!;
        Assert.Equal([0, 1, 2], results.Levels.Select(l => l.Level));
        var measured = Assert.Single(results.Measured);
        Assert.Equal(2, measured.Level);
        Assert.True(measured.Quick);
        Assert.Contains(measured.Variants, v => v.Runtime == InferenceBenchmark.OnnxRuntime && v.Name == "compacted");
        Assert.Contains(measured.Variants, v => v.Name.Contains("sparse COO", StringComparison.Ordinal));
        Assert.All(measured.Variants, v => Assert.Equal(2, v.LatencyMicroseconds.Values.Count));
        Assert.Equal(0, measured.Checks.PredictionMismatches);
        Assert.InRange(measured.Checks.OnnxCompactedMaxAbsDiff, 0, 1e-5);
        Assert.True(results.Levels[2].NonzeroMacs < results.Levels[0].NonzeroMacs);

        Assert.Equal(0, Cli("report", _run.Dir).Code);
        var report = File.ReadAllText(Path.Combine(_run.Dir, "report.md"));
        Assert.Contains("## What this ticket buys", report);
        Assert.Contains("Quick measurement", report);
    }

    [Fact]
    public void User_mistakes_exit_2_with_the_fix()
    {
        var (code, _, err) = Cli("export", _run.Dir, "--level", "9", "--format", "onnx", "--out", _run.Tmp["x.onnx"]);
        Assert.Equal(2, code);
        Assert.Contains("levels 0 to 2", err);
        (code, _, err) = Cli("export", _run.Dir, "--format", "torchsharp", "--compact", "--out", _run.Tmp["x.dat"]);
        Assert.Equal(2, code);
        Assert.Contains("--format onnx", err);
        (code, _, err) = Cli("export", _run.Dir, "--format", "tflite", "--out", _run.Tmp["x"]);
        Assert.Equal(2, code);
        Assert.Contains("onnx, safetensors or torchsharp", err);
        (code, _, err) = Cli("bench-inference", _run.Tmp["nothing-here"]);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Speed_ratios_are_per_round_and_a_speed_up_needs_every_round_above_the_margin()
    {
        var parent = Spread.Of([100.0, 200.0, 100.0]);
        var variant = Spread.Of([50.0, 100.0, 95.0]);
        var r = TicketReport.Ratios(parent, variant, inverse: false);
        Assert.Equal([2.0, 2.0, 100.0 / 95.0], r.Values);
        Assert.Equal(2.0, r.Median);
        var timing = (Spread s) => new VariantTiming("v", "TorchSharp", 1, s, s, "");
        var level = new MeasuredLevel(1, "", "", 1, 3, false, 256, [timing(parent) with { Name = "dense parent" }, timing(variant)],
            new ExportChecks(0, 0, 0, 1, 0), []);
        Assert.Contains("no measurable speed-up", TicketReport.Verdict(level));
    }

    private static float[] Logits(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        model.eval();
        using var noGrad = no_grad();
        using var y = model.forward(x);
        return y.data<float>().ToArray();
    }

    private static float[][] Rows(float[] flat, int width) => flat.Chunk(width).ToArray();
}
