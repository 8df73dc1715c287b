using System.CommandLine;
using System.Runtime.InteropServices;
using Rewind.Cli.Console;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Specs;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind run SPEC [--set k=v] --out DIR</c> and <c>rewind run --resume DIR</c>.</summary>
public static class RunCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var specArg = new Argument<string?>("SPEC") { Description = "Run spec (YAML).", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint." };
        var preset = new Option<string?>("--preset") { Description = "Run a named spec from presets/ (e.g. silo-resnet20-cifar10) instead of SPEC." };
        var set = CommonOptions.Set();
        var outOpt = CommonOptions.Out();
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var noReport = new Option<bool>("--no-report") { Description = "Do not write the run's report (a study's worker: the study reports on all its runs)." };
        var untilInputCloses = new Option<bool>("--until-input-closes")
        {
            Description = "Stop cleanly when standard input closes (how a study's local worker notices that its study process ended).",
            Hidden = true,
        };
        var cmd = new Command("run", "One iterative-pruning run (resumable).") { specArg, resume, preset, set, outOpt, threads, data, noReport, untilInputCloses };
        cmd.SetAction(p =>
        {
            using var cancel = new CancellationTokenSource();
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cancel.Cancel(); });
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
            if (p.GetValue(untilInputCloses)) StopWhenInputCloses(cancel);
            bool report = !p.GetValue(noReport);
            string? resumeDir = p.GetValue(resume);
            string? specPath = p.GetValue(specArg);
            if (p.GetValue(preset) is { } name)
            {
                if (specPath is not null)
                    throw new RewindUserException("run: give either SPEC or --preset NAME, not both.");
                specPath = Presets.PathOf(name);
            }
            RunOutcome outcome;
            if (resumeDir is not null)
            {
                if (specPath is not null)
                    throw new RewindUserException("run: give either SPEC or --resume DIR, not both (a resumed run keeps its own spec.yaml).");
                var changes = p.GetValue(set)!.Select(o => o.Split('=')[0].Trim()).ToList();
                if (p.GetValue(threads) is int asked && RecordedThreads(resumeDir) is var recorded && asked != recorded)
                    changes.Add($"threads (--threads {asked}; the run records threads: {recorded}, and results are bit-identical only for the same count)");
                if (p.GetValue(data) is not null) changes.Add("data.dir (--data)");
                if (changes.Count > 0)
                    throw new RewindUserException(
                        $"run --resume {resumeDir}: a resumed run keeps the spec it was started with, so these changes would be ignored: " +
                        $"{string.Join(", ", changes)}. Resume without them, or start a new run with them: " +
                        $"`rewind run {Path.Combine(resumeDir, "spec.yaml")} --set KEY=VALUE ... --out NEW_DIR`.");
                if (p.GetValue(outOpt) is { } other)
                    throw new RewindUserException($"run --resume {resumeDir}: a resumed run stays in its folder; drop --out {other}.");
                output.WriteLine($"Run directory: {Path.GetFullPath(resumeDir)}");
                outcome = ProgressDisplay.Run(output, observerFor =>
                    Run.Resume(resumeDir, observerFor(Path.GetFileName(Path.GetFullPath(resumeDir))), report, cancel.Token));
            }
            else
            {
                if (specPath is null)
                    throw new RewindUserException("run: name a spec file (rewind run SPEC --out DIR) or a run to continue (rewind run --resume DIR).");
                var overrides = p.GetValue(set)!.ToList();
                if (p.GetValue(threads) is int t) overrides.Add($"threads={t}");
                if (p.GetValue(data) is { } dir) overrides.Add(CommonOptions.DataOverride(dir));
                var spec = SpecLoader.Load(specPath, overrides);
                var store = Run.Create(spec, p.GetValue(outOpt) ?? CommonOptions.DefaultOut(spec.Name));
                output.WriteLine($"Run directory: {store.Root}");
                outcome = ProgressDisplay.Run(output, observerFor => Run.Execute(store, observerFor(store.Spec.Name), report, cancel.Token));
            }
            output.WriteLine(outcome.ReportPath is { } path ? $"Report: {path}" : $"Done: {outcome.Store.Root}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The thread count recorded in the run's spec.yaml, or -1 when it cannot be read (the store's own checks then say why).</summary>
    private static int RecordedThreads(string runDirectory)
    {
        try
        {
            return SpecLoader.Load(Path.Combine(runDirectory, "spec.yaml"), []).Threads;
        }
        catch (Exception e) when (e is RewindUserException or IOException)
        {
            return -1;
        }
    }

    /// <summary>Cancels <paramref name="cancel"/> once standard input reaches its end (the study process that started this worker closed it or died).</summary>
    private static void StopWhenInputCloses(CancellationTokenSource cancel)
    {
        var stdin = System.Console.OpenStandardInput();
        var thread = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
            }
            catch (IOException)
            {
            }
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the run ended first
            }
        })
        { IsBackground = true, Name = "stdin-watch" };
        thread.Start();
    }
}
