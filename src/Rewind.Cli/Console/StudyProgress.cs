using System.Runtime.InteropServices;
using Rewind.Cli.Commands;
using Rewind.Runs;
using Spectre.Console;

namespace Rewind.Cli.Console;

/// <summary>
/// How every study command runs: say where the study folder is, choose the executor the command line asked for (one
/// after another in this process, local worker processes, or Slurm), run the study under one progress display, then say
/// where the report is. Ctrl-C (or SIGTERM) stops cleanly: workers keep everything up to their last epoch boundary and
/// the same command continues the study; attached to Slurm it stops waiting while the jobs go on.
/// </summary>
public static class StudyProgress
{
    /// <summary>Runs <paramref name="study"/> as <paramref name="definition"/> in <paramref name="outDir"/> in this process, one run after another.</summary>
    public static int Run(TextWriter output, Study study, StudyDefinition definition, string outDir) =>
        Run(output, study, definition, outDir, ExecutionChoice.InProcess);

    /// <summary>Runs <paramref name="study"/> as <paramref name="definition"/> in <paramref name="outDir"/> where <paramref name="choice"/> says.</summary>
    public static int Run(TextWriter output, Study study, StudyDefinition definition, string outDir, ExecutionChoice choice)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(choice);
        StudyRunner.Check(study, definition, outDir); // a bad option is the first and only thing printed
        output.WriteLine($"Study folder: {Path.GetFullPath(outDir)}");
        var messages = new LineMessages(output);
        if (choice.Slurm && choice.Detach)
        {
            var submission = StudyRunner.Submit(study, definition, outDir, new SlurmExecutor(outDir, choice.SlurmOptions), messages);
            PrintSubmission(output, submission, outDir);
            return ExitCodes.Ok;
        }
        using var cancel = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cancel.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            StudyOutcome outcome;
            int jobs = choice.Slurm ? 0 : choice.Jobs ?? AutoJobs(study, definition);
            if (!choice.Slurm && jobs == 1)
            {
                outcome = ProgressDisplay.Run(output, observerFor =>
                    StudyRunner.Run(study, definition, outDir,
                        new InProcessExecutor((run, i, n) => observerFor($"{i + 1}/{n} {run.Label} s{run.Seed}")), messages, cancel.Token));
            }
            else
            {
                if (!choice.Slurm) output.WriteLine($"Running the study in {jobs} worker processes, {WorkerCount.ThreadsPerWorker(Environment.ProcessorCount, jobs)} thread(s) each unless the spec sets threads (--jobs); each run's output goes to its log.txt.");
                else output.WriteLine("Submitting the study to Slurm (one job array per dependency stage); each run's output goes to its log.txt.");
                outcome = WithBoard(output, board =>
                {
                    IRunExecutor executor = choice.Slurm
                        ? new SlurmExecutor(outDir, choice.SlurmOptions) { StatusChanged = board.Update }
                        : new LocalWorkersExecutor(jobs, WorkerCount.ThreadsPerWorker(Environment.ProcessorCount, jobs)) { StatusChanged = board.Update };
                    return StudyRunner.Run(study, definition, outDir, executor, messages, cancel.Token);
                });
            }
            output.WriteLine($"Report: {outcome.ReportPath}");
            return ExitCodes.Ok;
        }
        catch (StudyRunsFailedException e)
        {
            PrintFailures(output, e.Failures);
            output.WriteLine($"Finished runs are kept: rerun the same command to run only what is missing{(choice.Slurm ? $" (or rewind resubmit {outDir})" : "")}; " +
                             $"rewind collect {outDir} writes the report of what finished.");
            return ExitCodes.RunsFailed;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine(choice.Slurm
                ? $"Stopped waiting; the Slurm jobs keep running. Follow them with `rewind status {outDir}`, then `rewind collect {outDir}` (cancel them with scancel and the job ids in {Path.Combine(outDir, SlurmJournal.FolderName, "jobs.json")})."
                : $"Interrupted. Every run keeps everything up to its last epoch boundary; rerun the same command to continue the study in {outDir}.");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The <c>--jobs auto</c> choice: cores ÷ the spec's threads when it sets them, else <see cref="WorkerCount.ForModel"/>; 1 for studies without runs.</summary>
    public static int AutoJobs(Study study, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(definition);
        if (study.BaseKind != StudyBaseKind.RunSpec) return 1;
        var spec = Specs.SpecLoader.FromYaml(definition.BaseYaml, "the base spec");
        int cores = Environment.ProcessorCount;
        return spec.Threads > 0 ? Math.Max(1, cores / spec.Threads) : WorkerCount.ForModel(cores, spec.Model.Name);
    }

    /// <summary>Prints what a Slurm submission did.</summary>
    public static void PrintSubmission(TextWriter output, SlurmSubmission submission, string outDir)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(submission);
        foreach (var job in submission.Submitted)
            output.WriteLine($"Submitted job array {job.JobId}: stage {job.Stage}, {job.Runs.Count} run(s){(job.Stage > 0 ? " (after the previous stage)" : "")}.");
        if (submission.AlreadyQueued.Count > 0)
            output.WriteLine($"{submission.AlreadyQueued.Count} run(s) already have a queued or running task; left alone.");
        if (submission.RunCount == 0 && submission.AlreadyQueued.Count == 0) output.WriteLine("Nothing to submit: every run known now is finished.");
        output.WriteLine($"Follow with `rewind status {outDir}`; when done, `rewind collect {outDir}` writes the report.");
    }

    /// <summary>Lists failed runs with their exit code and the tail of their log.</summary>
    public static void PrintFailures(TextWriter output, IReadOnlyList<RunFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(failures);
        output.WriteLine($"{failures.Count} run(s) did not finish:");
        foreach (var f in failures)
        {
            output.WriteLine($"  {f.Label} s{f.Seed} ({f.Directory}): {f.Reason}");
            if (f.LogTail.Length > 0)
            {
                output.WriteLine($"    last lines of {Path.Combine(f.Directory, RunFailure.LogFileName)}:");
                foreach (var line in f.LogTail.Split('\n')) output.WriteLine("    | " + line);
            }
        }
    }

    private static T WithBoard<T>(TextWriter output, Func<StudyBoard, T> work)
    {
        if (!ProgressDisplay.Interactive(output))
        {
            using var board = new StudyBoard(output, null);
            return work(board);
        }
        T result = default!;
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                using var board = new StudyBoard(output, ctx);
                result = work(board);
            });
        return result;
    }

    /// <summary>Prints lines as they come, on the calling thread (Progress&lt;T&gt; would reorder them).</summary>
    private sealed class LineMessages(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
