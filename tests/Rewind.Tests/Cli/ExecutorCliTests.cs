using Rewind.Cli;
using Rewind.Tests.Runs;

namespace Rewind.Tests.Cli;

/// <summary>The executor options of the study commands and the verbs that look at a study folder.</summary>
[Collection("cli")]
public class ExecutorCliTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("--jobs", "0", "--jobs")]
    [InlineData("--jobs", "many", "--jobs")]
    [InlineData("--executor", "kubernetes", "--executor")]
    [InlineData("--partition", "gpu", "--executor slurm")]
    [InlineData("--detach", null, "--executor slurm")]
    public void Executor_mistakes_are_user_errors_naming_the_option(string option, string? value, string named)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], StudyFixtures.Spec());
        var args = new List<string> { "compare", tmp["spec.yaml"], "--out", tmp["cmp"], option };
        if (value is not null) args.Add(value);
        var (code, _, err) = Cli([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(named, err);
        Assert.False(Directory.Exists(tmp["cmp/runs"]));
    }

    [Fact]
    public void A_bad_study_option_is_the_only_thing_printed_and_no_folder_is_made()
    {
        using var tmp = new TempDir();
        var (code, output, err) = Cli("experiment", "schedules", "--optimizer", "adamw", "--out", tmp["study"]);
        Assert.Equal(2, code);
        Assert.Contains("--optimizer: 'adamw' is not an optimizer", err);
        Assert.DoesNotContain("Study folder", output); // announced only once the study can run
        Assert.DoesNotContain("worker", output);
        Assert.False(Directory.Exists(tmp["study"]));
    }

    [Fact]
    public void Every_study_command_offers_the_executor_options()
    {
        var commands = Rewind.Experiments.StudyCatalog.All.Where(s => s.Name != "compare").Select(s => new[] { "experiment", s.Name, "--help" })
            .Append(["compare", "--help"]).Append(["demo", "--help"]).ToList();
        Assert.True(commands.Count >= 9);
        foreach (var command in commands)
        {
            var (code, output, _) = Cli(command);
            Assert.Equal(0, code);
            foreach (var option in new[] { "--executor", "--jobs", "--partition", "--time", "--cpus", "--mem", "--gpus", "--array-limit", "--sbatch", "--detach" })
                Assert.Contains(option, output);
        }
    }

    [Fact]
    public void Status_and_collect_read_a_study_that_ran_in_two_workers()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], StudyFixtures.Spec(levels: 1));
        var (code, output, err) = Cli("compare", tmp["spec.yaml"], "--strategies", "lrr", "--jobs", "2", "--out", tmp["cmp"]);
        Assert.True(code == 0, err + output);
        Assert.Contains("2 worker processes", output);
        Assert.Contains("[lrr s0] done", output);
        Assert.True(File.Exists(tmp["cmp/runs/lrr-s0/log.txt"]));
        Assert.False(File.Exists(tmp["cmp/runs/lrr-s0/report.md"])); // workers leave the report to the study

        (code, output, _) = Cli("status", tmp["cmp"]);
        Assert.Equal(0, code);
        Assert.Contains("2 of 2 runs finished", output);
        Assert.Contains("runs/lrr-s0", output);
        (code, output, _) = Cli("collect", tmp["cmp"]);
        Assert.Equal(0, code);
        Assert.Contains("report.md", output);

        (code, _, err) = Cli("run", "--resume", tmp["cmp/runs/lrr-s0"], "--threads", "2");
        Assert.Equal(2, code);
        Assert.Contains("threads: 1", err);
        Assert.Equal(2, Cli("status", tmp.Path).Code);
    }
}
