using System.CommandLine;
using Rewind.Cli.Commands;

namespace Rewind.Cli;

/// <summary>
/// The <c>rewind</c> command line: a thin shell over the library. Exit codes (<see cref="ExitCodes"/>): 0 ok, 2 user
/// error, 3 the machine refused (disk full, permissions, ...), 1 bug, 130 interrupted. No stack trace unless
/// <c>--verbose</c>, except for a bug.
/// </summary>
public static class CliApp
{
    /// <summary>Parses and runs; never lets a user mistake surface as a stack trace.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= System.Console.Out;
        error ??= System.Console.Error;
        var root = new RootCommand("Rewind: iterative pruning — IMP, weight rewinding, learning-rate rewinding, SILO.");
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace with any error message (for bug reports).", Recursive = true };
        root.Add(verbose);
        foreach (var command in new[]
                 {
                     DemoCommand.Create(output), RunCommand.Create(output), CompareCommand.Create(output),
                     ReportCommand.Create(output), ModelsCommand.Create(output), DataCommand.Create(output),
                     PruneCommand.Create(output), ScheduleCommand.Create(output),
                     ExperimentCommand.Create(output), AnalyzeCommand.Create(output), ExportCommand.Create(output), BenchInferenceCommand.Create(output),
                     RepairCommand.Create(output), ClaimsCommand.Create(output),
                     StatusCommand.Create(output), CollectCommand.Create(output), ResubmitCommand.Create(output),
                 })
            root.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run `rewind --help` (or `rewind <command> --help`) for usage.");
            return ExitCodes.UserError;
        }
        bool trace = parsed.GetValue(verbose);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        }
        catch (RewindUserException e)
        {
            error.WriteLine($"error: {e.Message}");
            if (trace) error.WriteLine(e);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Interrupted. Everything up to the last epoch boundary is saved; continue with `rewind run --resume DIR`.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (EnvironmentFailure.Describe(e) is { } failure)
        {
            error.WriteLine($"error: {failure.Message}");
            error.WriteLine(trace ? e.ToString() : "(exit code 3: the machine refused a file operation; add --verbose for the details)");
            return ExitCodes.Environment;
        }
        catch (Exception e)
        {
            error.WriteLine($"internal error (a bug in Rewind, please report it): {e}");
            return ExitCodes.InternalError;
        }
    }
}
