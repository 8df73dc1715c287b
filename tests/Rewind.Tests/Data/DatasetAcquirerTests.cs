using Rewind.Data;

namespace Rewind.Tests.Data;

public sealed class DatasetAcquirerTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Records every command; apt-get install "installs" by writing the files into the fake system folder.</summary>
    private sealed class FakeRunner(IdxTestFiles files, params int[] installExitCodes) : IProcessRunner
    {
        private int _installs;

        public List<string> Commands { get; } = [];

        public bool HasAptGet { get; init; } = true;

        public string FailureOutput { get; init; } = "E: Unable to locate package dataset-fashion-mnist";

        public bool Exists(string command) => command != "apt-get" || HasAptGet;

        public ProcessResult Run(string command, IReadOnlyList<string> arguments, TextWriter log,
            IReadOnlyDictionary<string, string>? environment = null)
        {
            Commands.Add($"{command} {string.Join(' ', arguments)}");
            Assert.Equal("noninteractive", environment?["DEBIAN_FRONTEND"]);
            if (arguments[0] != "install")
            {
                log.WriteLine("Reading package lists... Done");
                return new ProcessResult(0, "Reading package lists... Done");
            }

            int code = _installs < installExitCodes.Length ? installExitCodes[_installs] : 0;
            _installs++;
            if (code != 0)
            {
                log.WriteLine(FailureOutput);
                return new ProcessResult(code, FailureOutput);
            }

            files.WriteTinyDataset("system/fashion-mnist", gzip: true);
            log.WriteLine("Setting up dataset-fashion-mnist ...");
            return new ProcessResult(0, "Setting up dataset-fashion-mnist ...");
        }
    }

    private DataSearchPaths EmptyPaths() => new(null, null, _files.PathOf("cache"), _files.PathOf("system"));

    [Fact]
    public void Without_root_nothing_is_installed_and_the_message_gives_the_sudo_command()
    {
        var runner = new FakeRunner(_files);

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, isRoot: () => false, EmptyPaths());

        Assert.Empty(runner.Commands);
        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.False(result.Available);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", result.Message);
    }

    [Fact]
    public void As_root_apt_get_installs_the_package_and_its_output_is_streamed_to_the_log()
    {
        var runner = new FakeRunner(_files);
        var log = new StringWriter();

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", log, runner, isRoot: () => true, EmptyPaths());

        Assert.Equal(["apt-get install -y dataset-fashion-mnist"], runner.Commands);
        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
        Assert.Equal(_files.PathOf("system", "fashion-mnist"), result.Directory);
        Assert.Contains("Setting up dataset-fashion-mnist", log.ToString());
    }

    [Fact]
    public void Stale_package_lists_are_refreshed_once_and_the_install_retried()
    {
        var runner = new FakeRunner(_files, 100, 0);

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Equal(
            ["apt-get install -y dataset-fashion-mnist", "apt-get update", "apt-get install -y dataset-fashion-mnist"],
            runner.Commands);
        Assert.Equal(AcquireOutcome.Installed, result.Outcome);
    }

    [Fact]
    public void Install_still_failing_after_update_is_reported_without_a_second_retry()
    {
        var runner = new FakeRunner(_files, 100, 100, 0);

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Equal(3, runner.Commands.Count);
        Assert.Equal(AcquireOutcome.Failed, result.Outcome);
        Assert.Contains("exit code 100", result.Message);
    }

    [Fact]
    public void Install_failing_for_another_reason_does_not_run_apt_get_update()
    {
        var runner = new FakeRunner(_files, 100) { FailureOutput = "E: Could not get lock /var/lib/dpkg/lock-frontend" };

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Equal(["apt-get install -y dataset-fashion-mnist"], runner.Commands);
        Assert.Equal(AcquireOutcome.Failed, result.Outcome);
    }

    [Fact]
    public void Root_without_apt_get_is_told_to_supply_the_files()
    {
        var runner = new FakeRunner(_files) { HasAptGet = false };

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Empty(runner.Commands);
        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.Contains("--data DIR", result.Message);
    }

    [Fact]
    public void Dataset_already_present_is_reported_with_its_folder_and_nothing_runs()
    {
        string dir = _files.WriteTinyDataset("cache/fashion-mnist", gzip: false);
        var runner = new FakeRunner(_files);

        AcquireResult result = DatasetAcquirer.Get("fashion-mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Empty(runner.Commands);
        Assert.Equal(AcquireOutcome.AlreadyPresent, result.Outcome);
        Assert.Equal(dir, result.Directory);
        Assert.Contains(dir, result.Message);
    }

    [Fact]
    public void Mnist_is_never_installed_and_the_message_says_where_to_put_the_files()
    {
        var runner = new FakeRunner(_files);

        AcquireResult result = DatasetAcquirer.Get("mnist", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Empty(runner.Commands);
        Assert.Equal(AcquireOutcome.UserActionNeeded, result.Outcome);
        Assert.Contains("--data DIR", result.Message);
        Assert.Contains(_files.PathOf("cache", "mnist"), result.Message);
    }

    [Fact]
    public void Synthetic_needs_nothing()
    {
        var runner = new FakeRunner(_files);

        AcquireResult result = DatasetAcquirer.Get("synthetic", TextWriter.Null, runner, () => true, EmptyPaths());

        Assert.Empty(runner.Commands);
        Assert.Equal(AcquireOutcome.NothingToObtain, result.Outcome);
        Assert.True(result.Available);
    }

    [Fact]
    public void Unknown_name_is_a_user_error()
    {
        Assert.Throws<RewindUserException>(() =>
            DatasetAcquirer.Get("fashoin-mnist", TextWriter.Null, new FakeRunner(_files), () => true, EmptyPaths()));
    }
}
