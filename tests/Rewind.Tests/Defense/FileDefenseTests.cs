using Rewind.Pruning;
using Rewind.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Defense;

/// <summary>Issue 12, cases 2 and 3: damaged weight files are recognised, and the advice given — `rewind repair` — works.</summary>
[Collection("defense")]
public class FileDefenseTests(ReferenceRun reference)
{
    [Fact]
    public void Case02_random_bytes_in_a_checkpoint_a_final_or_theta0_are_refused_naming_the_file_and_repair_recovers_identically()
    {
        foreach (var (victim, repaired) in new[]
                 {
                     ("levels/01/checkpoint.safetensors", "dropped level 1 "),
                     ("levels/00/final.safetensors", "dropped levels 0–1 "),
                     ("init.safetensors", "removed init.safetensors"),
                 })
        {
            using var tmp = new TempDir();
            string dir = tmp["run"];
            Defense.Interrupted(Defense.Spec, dir, level: 1, epoch: 1);
            Defense.Scramble(Path.Combine(dir, victim));

            var result = Defense.Cli("run", "--resume", dir);
            Defense.Refused(result, 2, victim, "does not match the checksum", $"rewind repair {dir}");
            Assert.DoesNotContain("density", result.Out);
            Assert.False(File.Exists(Path.Combine(dir, "levels", "01", "summary.json")));

            var repair = Defense.Cli("repair", dir);
            Defense.Ok(repair);
            Assert.Contains(repaired, repair.Out);
            Defense.Ok(Defense.Cli("run", "--resume", dir));
            Defense.SameResults(reference.Dir, dir);
        }
    }

    [Fact]
    public void Case02_a_mask_holding_other_values_than_0_and_1_or_other_alive_counts_than_recorded_is_refused()
    {
        using var tmp = new TempDir();
        using var w = ones(4, 3);
        using var badMask = tensor(new byte[] { 1, 0, 3, 1 });
        using var goodMask = tensor(new byte[] { 1, 0, 1, 1 });
        var meta = new Dictionary<string, string> { ["format"] = "rewind-checkpoint", ["level"] = "1", ["step"] = "0", ["history"] = "[]" };
        SafeTensors.Save(tmp["bad.safetensors"], [new("model.w", w), new("mask.w", badMask)], meta); // a valid checksum: the content is what was written
        var e = Assert.Throws<RewindUserException>(() => Checkpoint.Load(tmp["bad.safetensors"]));
        Assert.Contains("bad.safetensors", e.Message);
        Assert.Contains("other than 0 and 1", e.Message);

        meta[Checkpoint.AliveKey] = "{\"w\":2}";
        SafeTensors.Save(tmp["count.safetensors"], [new("model.w", w), new("mask.w", goodMask)], meta);
        e = Assert.Throws<RewindUserException>(() => Checkpoint.Load(tmp["count.safetensors"]));
        Assert.Contains("keeps 3 weights but 2 were recorded", e.Message);
    }

    [Fact]
    public void Case03_an_older_levels_damaged_or_deleted_final_is_flagged_and_repair_then_resume_completes_identically()
    {
        using var tmp = new TempDir();
        string dir = tmp["run"];
        Defense.Interrupted(Defense.Spec, dir, level: 2, epoch: 1);
        Defense.Scramble(Path.Combine(dir, "levels/00/final.safetensors")); // not needed by level 2, but the run is no longer sound
        Defense.Refused(Defense.Cli("run", "--resume", dir), 2, "levels/00/final.safetensors", "drops level 0 and every later level");

        // Deleting it, as older advice said, is not a way out either: the message says what to run.
        File.Delete(Path.Combine(dir, "levels/00/final.safetensors"));
        Defense.Refused(Defense.Cli("run", "--resume", dir), 2, "levels/00/final.safetensors: missing", $"rewind repair {dir}");
        Assert.DoesNotContain("Could not find", Defense.Cli("run", "--resume", dir).Err);

        File.WriteAllBytes(Path.Combine(dir, "levels/00/metrics.jsonl.tmp"), [1, 2, 3]); // a leftover of an interrupted write
        var repair = Defense.Cli("repair", dir);
        Defense.Ok(repair);
        Assert.Contains("dropped levels 0–2", repair.Out);
        Assert.Contains("rewind run --resume", repair.Out);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("nothing to repair", Defense.Cli("repair", dir).Out);
        Defense.Ok(Defense.Cli("run", "--resume", dir));
        Defense.SameResults(reference.Dir, dir);
    }

    [Fact]
    public void A_run_written_by_an_older_rewind_resumes_and_reports_unchecked_saying_so_once_with_identical_results()
    {
        using var tmp = new TempDir();
        string dir = tmp["run"];
        Defense.Interrupted(Defense.Spec, dir, level: 1, epoch: 1);
        Defense.MakeLegacy(dir);
        Assert.DoesNotContain("sha256", File.ReadAllText(Path.Combine(dir, "spec.yaml")));

        var result = Defense.Cli("run", "--resume", dir);
        Defense.Ok(result);
        Assert.Single(result.Out.Split('\n'), l => l.Contains("older Rewind", StringComparison.Ordinal));
        Assert.Contains("unchecked", result.Out);
        Defense.SameResults(reference.Dir, dir);
        Defense.Ok(Defense.Cli("report", dir));
        Assert.Contains("nothing to repair", Defense.Cli("repair", dir).Out);
    }
}
