using System.CommandLine;
using Rewind.Experiments.Claims;

namespace Rewind.Cli.Commands;

/// <summary><c>rewind claims [DIR ...] [--readme FILE] [--register FILE]</c>: every claim of both papers with its measured verdict.</summary>
public static class ClaimsCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter output)
    {
        var roots = new Argument<string[]>("DIR") { Description = "Folders to search for finished study folders (default: runs).", Arity = ArgumentArity.ZeroOrMore };
        var readme = new Option<string?>("--readme") { Description = "Also write the verdict table into this file between <!-- claims:begin --> and <!-- claims:end -->." };
        var register = new Option<string?>("--register") { Description = "A claims register file (default: the one compiled in, claims/register.yaml)." };
        var cmd = new Command("claims", "Every testable claim of both papers, judged from the finished studies: held / not held / undecided, with the numbers.")
            { roots, readme, register };
        cmd.SetAction(p =>
        {
            var dirs = p.GetValue(roots) is { Length: > 0 } given ? given : ["runs"];
            var claims = p.GetValue(register) is { } file ? ClaimsRegister.Load(file) : ClaimsRegister.Builtin;
            var results = ClaimVerdicts.Judge(claims, dirs);
            foreach (var r in results)
            {
                output.WriteLine($"{r.Claim.Id,-4} {r.Verdict,-10} {r.Claim.Statement}");
                output.WriteLine($"     {r.Evidence}");
                if (r.StudyDirectory is not null) output.WriteLine($"     from {r.StudyDirectory}");
            }
            var table = ClaimVerdicts.Markdown(results);
            if (p.GetValue(readme) is { } path)
            {
                ClaimVerdicts.WriteInto(path, table);
                output.WriteLine($"Verdicts written into {path}.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
