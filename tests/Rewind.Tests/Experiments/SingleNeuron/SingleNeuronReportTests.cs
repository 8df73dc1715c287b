using Rewind.Experiments.SingleNeuron;

namespace Rewind.Tests.Experiments.SingleNeuron;

public sealed class SingleNeuronReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rewind-neuron-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Report_writes_markdown_csv_and_both_plots_atomically()
    {
        var result = SingleNeuronExperiment.Run(new SingleNeuronOptions { Dims = [1, 5], Runs = 2 });
        var written = SingleNeuronReport.Write(result, _dir);

        Assert.Equal(5, written.Count);
        Assert.All(written, p => Assert.True(File.Exists(p), p));
        var csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(1 + result.Runs.Count, csv.Length);
        Assert.StartsWith("d,run,seed,sign_case", csv[0], StringComparison.Ordinal);
        Assert.All(csv, line => Assert.Equal(csv[0].Count(ch => ch == ','), line.Count(ch => ch == ',')));
        foreach (string png in new[] { "objective.png", "dynamics.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, "plots", png));
            Assert.True(bytes.Length > 10_000, $"{png} has {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
        string md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.Contains("## Claim", md, StringComparison.Ordinal);
        Assert.Contains("| 5 | a>0,w1<0 | LRR |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_section_states_the_verdict_computed_from_the_data()
    {
        var held = SingleNeuronExperiment.Run(new SingleNeuronOptions
        {
            Dims = [5],
            Runs = 2,
            NoiseVariance = 0,
            Samples = 400,
            Optimizer = SingleNeuronOptimizer.GradientDescent,
            LearningRate = 0.5,
            StepsPerLevel = 600,
        });
        Assert.Equal(SingleNeuronVerdict.Held, held.Claim.Verdict);
        Assert.Contains("**Held.**", SingleNeuronReport.Markdown(held), StringComparison.Ordinal);

        var notHeld = held with { Claim = held.Claim with { Verdict = SingleNeuronVerdict.NotHeld } };
        var md = SingleNeuronReport.Markdown(notHeld);
        Assert.Contains("**Did not hold.**", md, StringComparison.Ordinal);
        Assert.DoesNotContain("**Held.**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_output_folder_is_a_user_error()
    {
        var result = SingleNeuronExperiment.Run(new SingleNeuronOptions { Dims = [1], Runs = 2, StepsPerLevel = 5 });
        var e = Assert.Throws<RewindUserException>(() => SingleNeuronReport.Write(result, " "));
        Assert.Contains("--out", e.Message, StringComparison.Ordinal);
    }
}
