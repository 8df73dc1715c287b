using System.Diagnostics;
using System.Text;

namespace Rewind.Tests.Defense;

/// <summary>Issue 12, cases 1, 9, 10 and 11: a run keeps the spec it was trained with, and specs are checked, bounded and complete before anything is written.</summary>
[Collection("defense")]
public class SpecDefenseTests(ReferenceRun reference)
{
    [Fact]
    public void Case01_a_damaged_spec_yaml_is_refused_naming_the_file_and_repair_restores_it_to_an_identical_run()
    {
        using var tmp = new TempDir();
        string dir = tmp["run"], spec = Path.Combine(tmp["run"], "spec.yaml");
        Defense.Interrupted(Defense.Spec, dir, level: 1, epoch: 1);
        var original = File.ReadAllText(spec);
        var before = Defense.Snapshot(dir);
        var lines = original.Split('\n');
        var edited = original.Replace("lr: 0.05", "lr: 0.5", StringComparison.Ordinal);
        var unbound = string.Join('\n', edited.Split('\n').Skip(1)); // the binding line removed as well: the summaries still know

        foreach (var (damage, problem) in new[]
                 {
                     ("", "is empty"),
                     (string.Join('\n', lines.Take(lines.Length / 2)) + "\n", "was changed after the run wrote it"), // cut at a line end
                     (edited, "was changed after the run wrote it"),
                     (unbound, "is not the spec levels/00/summary.json records"),
                     ("optimizer: [unparsable\n", "cannot be read"),
                 })
        {
            File.WriteAllText(spec, damage);
            var result = Defense.Cli("run", "--resume", dir);
            Defense.Refused(result, 2, spec, problem, $"rewind repair {dir}");
            Assert.Equal(before.Where(f => f.Key != "spec.yaml"), Defense.Snapshot(dir).Where(f => f.Key != "spec.yaml")); // nothing trained
        }
        // `rewind report` refuses the same way: it would describe the run with the wrong spec.
        Defense.Refused(Defense.Cli("report", dir), 2, spec, "rewind repair");

        var repair = Defense.Cli("repair", dir);
        Defense.Ok(repair);
        Assert.Contains("restored spec.yaml from the copy in levels/01/checkpoint.safetensors", repair.Out);
        Assert.Equal(original, File.ReadAllText(spec));
        Defense.Ok(Defense.Cli("run", "--resume", dir));
        Defense.SameResults(reference.Dir, dir);
    }

    [Fact]
    public void Case09_resume_with_set_threads_or_data_is_refused_naming_the_keys()
    {
        using var tmp = new TempDir();
        string dir = tmp["run"];
        Defense.Interrupted(Defense.Spec, dir, level: 0, epoch: 1);
        var before = Defense.Snapshot(dir);

        var result = Defense.Cli("run", "--resume", dir, "--set", "optimizer.lr=0.1", "--set", "pruning.levels=5", "--threads", "2", "--data", tmp.Path);
        Defense.Refused(result, 2, "optimizer.lr", "pruning.levels", "threads", "data.dir", "keeps the spec", "rewind run", "--out NEW_DIR");
        Defense.Refused(Defense.Cli("run", "--resume", dir, "--out", tmp["elsewhere"]), 2, "--out");
        Assert.Equal(before, Defense.Snapshot(dir));
        Assert.False(Directory.Exists(tmp["elsewhere"]));
    }

    [Fact]
    public void Case10_every_check_runs_before_the_folder_is_written_and_a_folder_stuck_by_an_older_rewind_can_be_restarted()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["spec.yaml"], Defense.Spec);
        foreach (var (set, key) in new[]
                 {
                     ("pruning.rewind_to=999ep", "pruning.rewind_to"),
                     ("pruning.rewind_to=5000it", "pruning.rewind_to"),
                     ("schedule.warmup=9999it", "schedule"),
                     ("model.name=resnet-20", "model.name"),
                     ("data.dir=" + tmp["no-such-data"], "data.dir"),
                 })
        {
            var result = Defense.Cli("run", tmp["spec.yaml"], "--set", set, "--set", "data.name=" + (key == "data.dir" ? "fashion-mnist" : "synthetic"), "--out", tmp["run"]);
            Defense.Refused(result, 2, key);
            Assert.False(Directory.Exists(tmp["run"]), $"--set {set}: the run folder was written before the spec was checked");
        }

        // A folder left by an older Rewind, which wrote spec.yaml before checking: resuming says what to do, and a
        // corrected spec may take the folder over, since nothing was trained in it.
        Directory.CreateDirectory(tmp["stuck"]);
        File.WriteAllText(tmp["stuck/spec.yaml"], Rewind.Specs.SpecWriter.ToYaml(
            Rewind.Specs.SpecLoader.FromYaml(Defense.Spec, "spec", ["pruning.rewind_to=999ep"])));
        Defense.Refused(Defense.Cli("run", "--resume", tmp["stuck"]), 2, "pruning.rewind_to", "Nothing was trained yet", $"--out {tmp["stuck"]}");
        Defense.Ok(Defense.Cli("run", reference.SpecPath, "--out", tmp["stuck"]));
        Defense.SameResults(reference.Dir, tmp["stuck"]);
    }

    [Fact]
    public void Case11_huge_specs_are_refused_at_once_with_a_size_limit_and_at_most_twenty_problems_are_listed()
    {
        using var tmp = new TempDir();
        var clock = Stopwatch.StartNew();
        var junk = new StringBuilder(Defense.Spec).Append('\n');
        for (int i = 0; junk.Length < 3 << 20; i++) junk.Append("unknown_key_").Append(i).Append(": 1\n");
        File.WriteAllText(tmp["keys.yaml"], junk.ToString());
        Defense.Refused(Defense.Cli("run", tmp["keys.yaml"], "--out", tmp["a"]), 2, "keys.yaml", "at most 1 MB");

        var values = new StringBuilder(Defense.Spec).Append("\npeak: { name: list, values: [");
        while (values.Length < 2 << 20) values.Append("0.1, ");
        File.WriteAllText(tmp["values.yaml"], values.Append("0.1] }\n").ToString());
        Defense.Refused(Defense.Cli("run", tmp["values.yaml"], "--out", tmp["b"]), 2, "values.yaml", "at most 1 MB");

        File.WriteAllText(tmp["name.yaml"], Defense.Spec.Replace("name: defense", "name: " + new string('n', 5000), StringComparison.Ordinal));
        Defense.Refused(Defense.Cli("run", tmp["name.yaml"], "--out", tmp["c"]), 2, "name:", "at most 200");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"refusing the huge specs took {clock.Elapsed}");

        var many = new StringBuilder(Defense.Spec).Append('\n');
        for (int i = 0; i < 100; i++) many.Append("optimiser_").Append(i).Append(": 1\n");
        File.WriteAllText(tmp["many.yaml"], many.ToString());
        var result = Defense.Cli("run", tmp["many.yaml"], "--out", tmp["d"]);
        Defense.Refused(result, 2, "and 80 more problems");
        Assert.Equal(20, result.Err.Split('\n').Count(l => l.Contains("unknown key", StringComparison.Ordinal)));
        foreach (var d in new[] { "a", "b", "c", "d" }) Assert.False(Directory.Exists(tmp[d]));
    }
}
