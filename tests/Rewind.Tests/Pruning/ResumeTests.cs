using System.Diagnostics;
using Rewind.Pruning;

namespace Rewind.Tests.Pruning;

/// <summary>
/// A run killed with SIGKILL mid-level and resumed must produce bit-identical metrics and weights to one that was
/// never interrupted (same thread count). The kill is a real process kill, not a cancellation token.
/// </summary>
public class ResumeTests
{
    private const string Spec = """
        name: resume-test
        seed: 3
        threads: 1
        data: { name: synthetic }
        model: { name: fc-256x3 }
        training: { duration: 8ep, batch_size: 32 }
        optimizer: { name: sgd, lr: 0.05, momentum: 0.9, weight_decay: 0.0005 }
        schedule: { name: cosine, warmup: 20it }
        pruning: { strategy: wr, levels: 3, rate: 0.3, rewind_to: 30it }
        """;

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rewind.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void RunToEnd(params string[] args)
    {
        using var p = Start(args);
        Assert.True(p.WaitForExit(180_000), "run did not finish in time");
        Assert.Equal(0, p.ExitCode);
    }

    private static void KillWhen(Func<bool> condition, params string[] args)
    {
        using var p = Start(args);
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(p.HasExited, "the run finished before it could be killed; make it longer");
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(120), "condition never met");
            Thread.Sleep(5);
        }
        p.Kill(entireProcessTree: true); // SIGKILL: no cleanup code runs
        p.WaitForExit();
    }

    /// <summary>Every metric except wall-clock seconds (which differ between any two runs).</summary>
    private static string Deterministic(string runDir)
    {
        var lines = new List<string>();
        var csv = File.ReadAllLines(Path.Combine(runDir, "metrics.csv"));
        int secondsCol = Array.IndexOf(csv[0].Split(','), "seconds");
        lines.AddRange(csv.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != secondsCol))));
        foreach (var jsonl in Directory.GetFiles(Path.Combine(runDir, "levels"), "metrics.jsonl", SearchOption.AllDirectories).Order())
            lines.AddRange(File.ReadAllLines(jsonl).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"seconds\":[^,}]+", "")));
        return string.Join('\n', lines);
    }

    [Fact]
    public void A_run_killed_mid_level_and_resumed_matches_an_uninterrupted_run_bit_for_bit()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Spec);
        string straight = tmp["straight"], killed = tmp["killed"];

        RunToEnd("run", tmp["spec.yaml"], "--out", straight);

        // Kill inside level 0 after its first checkpoint, then inside level 2, resuming each time.
        KillWhen(() => File.Exists(Path.Combine(killed, "levels", "00", "checkpoint.safetensors")),
            "run", tmp["spec.yaml"], "--out", killed);
        Assert.False(File.Exists(Path.Combine(killed, "levels", "00", "summary.json")));
        KillWhen(() => File.Exists(Path.Combine(killed, "levels", "02", "checkpoint.safetensors")), "run", "--resume", killed);
        Assert.True(File.Exists(Path.Combine(killed, "levels", "01", "summary.json")), "completed levels must survive a kill");
        RunToEnd("run", "--resume", killed);

        Assert.Equal(Deterministic(straight), Deterministic(killed));
        // Weights, masks and optimizer state at the end are identical to the bit.
        var (a, _) = Rewind.Storage.SafeTensors.Load(Path.Combine(straight, "levels", "03", "final.safetensors"));
        var (b, _) = Rewind.Storage.SafeTensors.Load(Path.Combine(killed, "levels", "03", "final.safetensors"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var k in a.Keys) Assert.Equal(a[k].bytes.ToArray(), b[k].bytes.ToArray());
        Assert.Equal(4, RunStore.Open(killed).CompletedLevels().Count);
    }
}
