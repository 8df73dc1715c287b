using Rewind.Runs;

namespace Rewind.Tests.Runs;

/// <summary>What the Slurm client sends and how it reads Slurm 22.05's answers (recorded from the local cluster).</summary>
public class SlurmClientTests
{
    [Fact]
    public void Scontrol_lines_give_each_task_its_state_reason_and_exit_code_and_pending_arrays_are_expanded()
    {
        const string text = """
            JobId=3 ArrayJobId=1 ArrayTaskId=1 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 RunTime=00:00:01
            JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=wrap JobState=COMPLETED Reason=None ExitCode=0:0
            JobId=9 ArrayJobId=9 ArrayTaskId=2-4,7%2 JobName=wrap JobState=PENDING Reason=Dependency ExitCode=0:0
            JobId=12 ArrayJobId=12 ArrayTaskId=0 JobState=CANCELLED Reason=DependencyNeverSatisfied ExitCode=0:9
            """;
        var tasks = SlurmClient.ParseShowJob(text);
        Assert.Equal(new SlurmTask("1", 1, "FAILED", "NonZeroExitCode", 3), tasks[0]);
        Assert.Equal(new SlurmTask("1", 0, "COMPLETED", "None", 0), tasks[1]);
        Assert.Equal([2, 3, 4, 7], tasks.Where(t => t.ArrayJobId == "9").Select(t => t.TaskId));
        Assert.All(tasks.Where(t => t.ArrayJobId == "9"), t => Assert.Equal(("PENDING", (int?)null, true), (t.State, t.ExitCode, t.IsActive)));
        Assert.Equal(128 + 9, tasks[^1].ExitCode);
        Assert.False(tasks[^1].IsActive);
        Assert.Equal("1_1", tasks[0].Id);
    }

    [Fact]
    public void Sbatch_gets_one_array_with_throttle_dependency_and_every_option()
    {
        var options = new SlurmOptions
        {
            Partition = "cpu",
            Time = "01:30:00",
            Cpus = 4,
            Memory = "8G",
            Gpus = "1",
            ArrayLimit = 3,
            ExtraArguments = ["--account=proj"],
        };
        Assert.Equal(
            ["--parsable", "--array=0-4%3", "--kill-on-invalid-dep=yes", "--job-name=rewind-x", "--output=/s/slurm/%A_%a.out", "--cpus-per-task=4",
             "--partition=cpu", "--time=01:30:00", "--mem=8G", "--gpus=1", "--dependency=afterok:11:12", "--account=proj", "/s/slurm/a.sh"],
            SlurmClient.SubmitArguments("/s/slurm/a.sh", 5, options, "rewind-x", "/s/slurm/%A_%a.out", ["11", "12"]));
        Assert.Equal(["--parsable", "--array=0-0", "--kill-on-invalid-dep=yes", "--job-name=j", "--output=o", "--cpus-per-task=1", "s"],
            SlurmClient.SubmitArguments("s", 1, new SlurmOptions(), "j", "o", []));
    }

    [Fact]
    public void Bad_options_are_user_errors_naming_the_option()
    {
        Assert.Contains("--cpus", Assert.Throws<RewindUserException>(() => new SlurmOptions { Cpus = 0 }.Validated()).Message);
        Assert.Contains("--time", Assert.Throws<RewindUserException>(() => new SlurmOptions { Time = "2 h" }.Validated()).Message);
        Assert.Contains("--array-limit", Assert.Throws<RewindUserException>(() => new SlurmOptions { ArrayLimit = 0 }.Validated()).Message);
    }

    [Fact]
    public void A_refused_submission_is_a_user_error_with_sbatchs_message()
    {
        var client = new SlurmClient(new Answer(new CommandResult(1, "", "sbatch: error: invalid partition specified: gpu")));
        var e = Assert.Throws<RewindUserException>(() => client.SubmitArray("s.sh", 2, new SlurmOptions { Partition = "gpu" }, "j", "o", []));
        Assert.Contains("invalid partition specified: gpu", e.Message);
        Assert.Contains("--partition", e.Message);
        Assert.Null(new SlurmClient(new Answer(new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified"))).Tasks("77"));
    }

    [Fact]
    public void The_job_script_runs_line_i_of_the_run_list_with_its_output_in_the_runs_log()
    {
        var script = SlurmExecutor.JobScript(new WorkerCommand("/usr/bin/dotnet", ["/opt/it's/rewind.dll"]), "/s/slurm/x.runs");
        Assert.Contains("DIR=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/s/slurm/x.runs')", script);
        Assert.Contains("exec >>\"$DIR/log.txt\" 2>&1", script);
        Assert.EndsWith("exec '/usr/bin/dotnet' '/opt/it'\\''s/rewind.dll' 'run' '--resume' \"$DIR\" '--no-report'\n", script);
    }

    private sealed class Answer(CommandResult result) : ICommandRunner
    {
        public CommandResult Run(string fileName, IReadOnlyList<string> arguments) => result;
    }
}
