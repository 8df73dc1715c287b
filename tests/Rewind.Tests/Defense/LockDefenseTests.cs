using System.Diagnostics;
using Rewind.Pruning;

namespace Rewind.Tests.Defense;

/// <summary>Issue 12, case 6: one process per run directory, with a lock the kernel releases when its holder dies.</summary>
[Collection("defense")]
public class LockDefenseTests
{
    [Fact]
    public void Case06_a_second_process_is_refused_naming_the_holder_and_kill_9_leaves_no_stale_lock()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec.Replace("duration: 2ep", "duration: 40ep", StringComparison.Ordinal));
        string dir = tmp["run"];
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rewind.dll"));
        foreach (var a in new[] { "run", tmp["spec.yaml"], "--out", dir }) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        using var holder = Process.Start(psi)!;
        holder.OutputDataReceived += (_, _) => { };
        holder.ErrorDataReceived += (_, _) => { };
        holder.BeginOutputReadLine();
        holder.BeginErrorReadLine();
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(dir, "levels", "00", "checkpoint.safetensors")))
            {
                Assert.False(holder.HasExited, "the first process ended before it could be raced");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "the first process never reached its first checkpoint");
                Thread.Sleep(20);
            }
            var before = File.ReadAllBytes(Path.Combine(dir, "spec.yaml"));
            var second = Defense.Cli("run", "--resume", dir);
            Defense.Refused(second, 2, dir, $"process {holder.Id} on", "kill -9");
            Defense.Refused(Defense.Cli("run", tmp["spec.yaml"], "--out", dir), 2, $"process {holder.Id}");
            Defense.Refused(Defense.Cli("repair", dir), 2, $"process {holder.Id}");
            Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "spec.yaml")));
            Assert.False(holder.HasExited, "the holder finished during the test; make its run longer");
        }
        finally
        {
            holder.Kill(entireProcessTree: true); // SIGKILL: no cleanup runs
            holder.WaitForExit();
        }

        using (RunLock.Acquire(dir)) { } // the kernel released the dead holder's lock: nothing stale is left
        Assert.True(File.Exists(Path.Combine(dir, RunLock.FileName)));
        Defense.Ok(Defense.Cli("repair", dir)); // takes the lock as the next process would
    }
}
