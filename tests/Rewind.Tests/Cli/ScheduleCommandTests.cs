using System.Globalization;
using Rewind.Cli;

namespace Rewind.Tests.Cli;

/// <summary><c>rewind schedule silo</c> and <c>rewind schedule show</c>.</summary>
[Collection("cli")]
public sealed class ScheduleCommandTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Silo_prints_one_row_per_level_with_m_percent_remaining_and_max_lr_to_full_precision()
    {
        var (code, output, err) = Cli("schedule", "silo", "--epsilon", "0.03", "--delta", "0.04", "--rate", "0.2", "--q", "1", "--beta", "5", "--levels", "13");
        Assert.True(code == 0, err);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(14, rows.Length);
        double[] expected = // ALGORITHMS §8.2, ResNet-20 (ε 0.03, δ 0.04), to 10 decimals
        [
            0.03, 0.03, 0.0300390244, 0.0321324546, 0.0476109996, 0.0644613900, 0.0689293520, 0.0697748613,
            0.0699474321, 0.0699866861, 0.0699964188, 0.0699989926, 0.0699997069, 0.0699999125,
        ];
        for (int m = 0; m <= 13; m++)
        {
            Assert.Equal(3, rows[m].Length);
            Assert.Equal(m, int.Parse(rows[m][0], CultureInfo.InvariantCulture));
            Assert.InRange(double.Parse(rows[m][1], CultureInfo.InvariantCulture) - 100 * Math.Pow(0.8, m), -5e-7, 5e-7); // §8.1, 6 decimals
            double maxLr = double.Parse(rows[m][2], CultureInfo.InvariantCulture);
            Assert.Equal(Rewind.Schedules.SiloPeak.MaxLr(m, 0.03, 0.04, 0.2, 1, 5), maxLr); // full precision
            Assert.Equal(expected[m], maxLr, 10);
        }
        Assert.Equal("  2           64 0.0300390243902439", output.Split('\n')[2]);
    }

    [Theory]
    [InlineData("--epsilon", "-0.01", "--epsilon: -0.01 is not allowed")]
    [InlineData("--beta", "0", "--beta: 0 is not allowed")]
    [InlineData("--rate", "1", "--rate: 1 is not allowed; it must be a fraction strictly between 0 and 1")]
    [InlineData("--rate", "-0.2", "--rate: -0.2 is not allowed")]
    [InlineData("--q", "-1", "--q: -1 is not allowed")]
    [InlineData("--levels", "-3", "--levels: -3 is not a number of levels")]
    public void Silo_with_a_bad_parameter_exits_2_naming_the_option(string option, string value, string message)
    {
        var args = new List<string> { "schedule", "silo", "--epsilon", "0.03", "--delta", "0.04", "--levels", "5" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, err) = Cli([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Show_prints_every_level_and_draws_the_learning_rate_of_every_step()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], """
            name: show-test
            data: { name: synthetic }
            training: { duration: 4ep, batch_size: 128 }
            optimizer: { lr: 0.03 }
            schedule: { name: warmup-step, warmup: 1ep, drops: [3ep] }
            pruning: { levels: 3 }
            peak: { name: silo, delta: 0.04, q: 0 }
            """);
        var (code, output, err) = Cli("schedule", "show", tmp["spec.yaml"], "--plot", tmp["lr.png"]);
        Assert.True(code == 0, err);
        Assert.Contains("64 steps per level (16 per epoch of 2048 examples)", output);
        var level2 = output.Split('\n').Single(l => l.TrimStart().StartsWith("2 ", StringComparison.Ordinal));
        Assert.Contains(Rewind.Schedules.SiloPeak.MaxLr(2, 0.03, 0.04, 0.2, 0, 5).ToString("R", CultureInfo.InvariantCulture), level2);
        Assert.True(new FileInfo(tmp["lr.png"]).Length > 1000);

        var (bad, _, badErr) = Cli("schedule", "show", tmp["spec.yaml"], "--set", "schedule.drops=[5ep]");
        Assert.Equal(2, bad);
        Assert.Contains("schedule.drops: 5ep (= 80 iterations) lies beyond the end of a level", badErr);
    }
}
