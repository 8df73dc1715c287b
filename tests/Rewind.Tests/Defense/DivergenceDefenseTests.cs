using System.Text.Json.Nodes;

namespace Rewind.Tests.Defense;

/// <summary>Issue 12, case 7: a diverging run stops with a message (level, step, learning rate, what to change), or records the level as diverged and goes on.</summary>
[Collection("defense")]
public class DivergenceDefenseTests
{
    [Fact]
    public void Case07_a_nan_loss_stops_the_run_naming_level_step_and_learning_rate_and_resume_says_the_same()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec.Replace("lr: 0.05, momentum: 0.9", "lr: 100, momentum: 0.99", StringComparison.Ordinal));
        var result = Defense.Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Defense.Refused(result, 2, "training diverged at level 0, step ", "learning rate", "optimizer.lr", "training.on_divergence");
        Assert.DoesNotContain("histogram", result.Err, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(tmp["run/levels/00/summary.json"]));
        Assert.False(File.Exists(tmp["run/levels/00/final.safetensors"])); // nothing non-finite was recorded

        var again = Defense.Cli("run", "--resume", tmp["run"]);
        Defense.Refused(again, 2, "training diverged at level 0, step ");
        Assert.Equal(StepOf(result.Err), StepOf(again.Err));
    }

    [Fact]
    public void Case07_with_on_divergence_record_the_level_is_marked_diverged_ends_at_its_last_finite_state_and_reports_show_it()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec.Replace("momentum: 0.9", "momentum: 0.99", StringComparison.Ordinal) + "\n" + """
            peak: { name: list, values: [100, 0.05] }
            training.on_divergence: record
            """);
        var result = Defense.Cli("run", tmp["spec.yaml"], "--out", tmp["run"]);
        Defense.Ok(result);
        Assert.Contains("level 1 is recorded as diverged", result.Out);

        var level1 = JsonNode.Parse(File.ReadAllText(tmp["run/levels/01/summary.json"]))!;
        long step = level1["diverged_at_step"]!.GetValue<long>();
        Assert.InRange(step, 1, 64);
        Assert.InRange(level1["diverged_learning_rate"]!.GetValue<double>(), 0.05, 100); // on the warm-up towards the level's peak of 100
        Assert.Null(JsonNode.Parse(File.ReadAllText(tmp["run/levels/02/summary.json"]))!["diverged_at_step"]);
        var level2 = JsonNode.Parse(File.ReadAllText(tmp["run/levels/02/summary.json"]))!;
        Assert.True(double.IsFinite(level2["test_loss"]!.GetValue<double>()), "level 2 went on from a finite state");
        var report = File.ReadAllText(tmp["run/report.md"]);
        Assert.Contains("**Level 1 diverged**", report);
        Assert.Contains("(diverged at step", report);
        Assert.Contains("nothing to repair", Defense.Cli("repair", tmp["run"]).Out);
    }

    private static string StepOf(string message)
    {
        int at = message.IndexOf(", step ", StringComparison.Ordinal);
        return message[at..message.IndexOf(' ', at + 7)];
    }
}
