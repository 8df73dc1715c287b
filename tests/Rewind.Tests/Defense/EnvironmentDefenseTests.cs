using System.Diagnostics;
using Rewind.Cli.Commands;
using Rewind.Storage;

namespace Rewind.Tests.Defense;

/// <summary>Issue 12, cases 5 and 8: names never choose the place a run is written, and the machine's refusals are reported, not crashed on.</summary>
[Collection("defense")]
public class EnvironmentDefenseTests(ReferenceRun reference)
{
    [Fact]
    public void Case05_a_spec_name_becomes_one_safe_folder_under_runs_and_never_a_path()
    {
        foreach (var name in new[] { "../../etc/evil", "/etc/passwd", "..", ".hidden", "a/b\\c", "tab\there", new string('x', 300), "" })
        {
            var safe = FolderName.From(name);
            Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9._-]*$", safe);
            Assert.DoesNotContain("..", safe);
            Assert.InRange(safe.Length, 1, FolderName.MaxLength);
            var runs = Path.GetFullPath("runs");
            Assert.Equal(runs, Path.GetDirectoryName(Path.GetFullPath(CommonOptions.DefaultOut(name))));
        }
        Assert.Equal("lenet-lrr", FolderName.From("lenet-lrr"));
        Assert.Equal("etc-evil", FolderName.From("../../etc/evil"));
        Assert.NotEqual(FolderName.From(new string('x', 300)), FolderName.From(new string('x', 301)));

        // End to end, without --out: the run lands in ./runs/etc-evil-<time>/ of the working folder.
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec.Replace("name: defense", "name: ../../etc/evil", StringComparison.Ordinal)
            .Replace("levels: 2", "levels: 0", StringComparison.Ordinal));
        var cwd = Environment.CurrentDirectory;
        Directory.CreateDirectory(tmp["work/deep"]);
        try
        {
            Environment.CurrentDirectory = tmp["work/deep"];
            Defense.Ok(Defense.Cli("run", tmp["spec.yaml"]));
        }
        finally { Environment.CurrentDirectory = cwd; }
        var made = Directory.GetDirectories(tmp["work/deep/runs"]);
        Assert.Single(made);
        Assert.StartsWith("etc-evil-", Path.GetFileName(made[0]));
        Assert.Equal(["deep"], Directory.GetFileSystemEntries(tmp["work"]).Select(Path.GetFileName));
        Assert.False(Directory.Exists(tmp["etc"]));
    }

    [Fact]
    public void Case08_a_full_disk_is_exit_3_naming_the_file_leaves_no_partial_file_and_freeing_space_then_resume_matches()
    {
        using var tmp = new TempDir();
        string dir = tmp["run"];
        Rewind.Runs.Run.Create(Rewind.Specs.SpecLoader.FromYaml(Defense.Spec, "spec.yaml"), dir);
        var tmpFile = Path.Combine(dir, "levels", "00", "checkpoint.safetensors.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(tmpFile)!);
        File.CreateSymbolicLink(tmpFile, "/dev/full"); // every write into it fails with ENOSPC, as on a full disk

        var result = Defense.Cli("run", "--resume", dir);
        Defense.Refused(result, 3, tmpFile, "no space left on the device", "df -h", $"rewind run --resume {dir}");
        Assert.True(result.Err.Split('\n').Length < 8, "the message is one screen");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories)); // no partial file (the write removed its temporary)
        Assert.False(File.Exists(Path.Combine(dir, "levels", "00", "checkpoint.safetensors")));

        Defense.Ok(Defense.Cli("run", "--resume", dir)); // space is back
        Defense.SameResults(reference.Dir, dir);
    }

    [Fact]
    public void Case08_out_at_a_file_a_device_an_immutable_folder_or_an_overlong_name_is_a_short_message_without_a_stack_trace()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["file"], "x");
        Defense.Refused(Defense.Cli("run", reference.SpecPath, "--out", tmp["file"]), 2, tmp["file"], "is a file, not a folder");
        Defense.Refused(Defense.Cli("run", reference.SpecPath, "--out", "/dev/null"), 2, "/dev/null", "is a file, not a folder");
        Defense.Refused(Defense.Cli("run", reference.SpecPath, "--out", tmp[new string('n', 300)]), 2, "255");
        Assert.Equal("x", File.ReadAllText(tmp["file"]));

        Directory.CreateDirectory(tmp["locked"]);
        string readOnly = MakeReadOnly(tmp["locked"]);
        try
        {
            var target = Path.Combine(readOnly, "run");
            var result = Defense.Cli("run", reference.SpecPath, "--out", target);
            Defense.Refused(result, 3, target, "permission denied", "--out", "--verbose");
            Assert.False(Directory.Exists(target));
            var verbose = Defense.Cli("run", reference.SpecPath, "--out", target, "--verbose");
            Assert.Equal(3, verbose.Code);
            Assert.Contains("   at ", verbose.Err); // --verbose adds the stack trace
        }
        finally { Undo(tmp["locked"]); }
    }

    /// <summary>Makes <paramref name="folder"/> unwritable even for root (chattr +i) or by mode bits; else returns /sys, which nobody may write.</summary>
    private static string MakeReadOnly(string folder)
    {
        bool root = Environment.UserName == "root";
        if (root ? Sh("chattr", "+i", folder) : Sh("chmod", "555", folder)) return folder;
        return "/sys";
    }

    private static void Undo(string folder)
    {
        Sh("chattr", "-i", folder);
        Sh("chmod", "755", folder);
    }

    private static bool Sh(string command, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
