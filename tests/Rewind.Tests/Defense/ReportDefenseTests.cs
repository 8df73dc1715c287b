namespace Rewind.Tests.Defense;

/// <summary>Issue 12, case 12: `rewind report` speaks about reports — on an empty folder, and on a run that has not finished.</summary>
[Collection("defense")]
public class ReportDefenseTests
{
    [Fact]
    public void Case12_report_on_an_empty_folder_or_an_unfinished_run_says_what_is_there_and_how_to_continue()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp["empty"]);
        var empty = Defense.Cli("report", tmp["empty"]);
        Defense.Refused(empty, 2, tmp["empty"], "is empty", "nothing to report", "rewind run");
        Assert.DoesNotContain("resume", empty.Err);
        Assert.DoesNotContain("--out " + tmp["empty"], empty.Err);

        Defense.Interrupted(Defense.Spec, tmp["none"], level: 0, epoch: 1);
        Defense.Refused(Defense.Cli("report", tmp["none"]), 2, "no level has finished yet", "level 0 stopped after epoch 1", $"rewind run --resume {tmp["none"]}");

        Defense.Interrupted(Defense.Spec, tmp["half"], level: 2, epoch: 1);
        var half = Defense.Cli("report", tmp["half"]);
        Defense.Ok(half);
        Assert.Contains("Level 2 of this run is not finished: level 2 stopped after epoch 1 (step 32)", half.Out);
        Assert.Contains("This report covers levels 0–1", half.Out);
        Assert.Contains($"rewind run --resume {tmp["half"]}", half.Out);
        Assert.Contains("## Not finished", File.ReadAllText(tmp["half/report.md"]));
    }
}
