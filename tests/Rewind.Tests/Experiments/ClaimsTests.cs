using Rewind.Analysis;
using Rewind.Cli;
using Rewind.Experiments;
using Rewind.Experiments.Claims;
using Rewind.Experiments.PaperA;
using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Runs;

namespace Rewind.Tests.Experiments;

/// <summary>The claims register, the verdict rules, the sign finding of lrr-vs-imp, and <c>rewind claims</c> on finished studies.</summary>
[Collection("cli")]
public sealed class ClaimsTests
{
    private static PairedReport.Pair Pair(params (double Mean, bool Rejected)[] levels)
    {
        var rows = levels.Select((l, i) => new PairedReport.Level(i + 1, 0.8, new PairedDifference(new Estimate(l.Mean, 0.1, 0.05, 3), 10, 0.001), l.Rejected, 0.01)).ToList();
        return new PairedReport.Pair("a", "b", rows, new Estimate(levels.Average(l => l.Mean), 0.1, 0.05, 3), 0.1, 3, 0.2);
    }

    [Fact]
    public void Better_is_held_when_some_level_favours_a_and_none_b_and_not_held_as_soon_as_one_favours_b()
    {
        Assert.Equal(StudyFinding.Held, ClaimVerdicts.Better(Pair((0.5, true), (0.1, false)), "acc").Verdict);
        Assert.Equal(StudyFinding.NotHeld, ClaimVerdicts.Better(Pair((0.5, true), (-0.4, true)), "acc").Verdict);
        Assert.Equal(StudyFinding.NotHeld, ClaimVerdicts.Better(Pair((-0.5, true)), "acc").Verdict);
        Assert.Equal(StudyFinding.Undecided, ClaimVerdicts.Better(Pair((0.5, false), (0.3, false)), "acc").Verdict);
    }

    [Fact]
    public void A_claim_about_sgd_is_not_judged_on_a_study_run_with_adam()
    {
        const string Base = "name: silo-lenet\noptimizer: { name: sgd, lr: 0.1 }\n";
        var plain = new StudyDefinition("schedules", [0], Base, [], new Dictionary<string, string>());
        var adam = plain with { Parameters = new Dictionary<string, string> { ["optimizer"] = "adam" } };
        Assert.True(ClaimVerdicts.Matches(plain, "optimizer", "sgd"));   // not recorded: the base spec's optimizer
        Assert.False(ClaimVerdicts.Matches(adam, "optimizer", "sgd"));   // recorded: --optimizer adam
        Assert.True(ClaimVerdicts.Matches(adam, "optimizer", "adam"));
        Assert.True(ClaimVerdicts.Matches(adam, "spec", "silo-lenet"));
        Assert.False(ClaimVerdicts.Matches(plain, "grid", "0.1"));       // another option that was not given
    }

    [Fact]
    public void Equal_is_held_inside_the_margin_not_held_wholly_outside_and_undecided_across_it()
    {
        static PairedReport.Pair Over(double mean, double half) => Pair((mean, false)) with { OverLevels = new Estimate(mean, 0.1, half, 3) };
        Assert.Equal(StudyFinding.Held, ClaimVerdicts.Equal(Over(0.1, 0.2), 0.5, "acc").Verdict);
        Assert.Equal(StudyFinding.NotHeld, ClaimVerdicts.Equal(Over(1.0, 0.2), 0.5, "acc").Verdict);
        Assert.Equal(StudyFinding.Undecided, ClaimVerdicts.Equal(Over(0.45, 0.2), 0.5, "acc").Verdict);
    }

    [Fact]
    public void The_register_names_a_known_study_for_every_claim_and_every_paper_a_finding_id_matches_a_contrast_the_study_tests()
    {
        var claims = ClaimsRegister.Builtin;
        Assert.True(claims.Count >= 20);
        Assert.Equal(claims.Count, claims.Select(c => c.Id).Distinct().Count());
        foreach (var c in claims) Assert.NotNull(StudyCatalog.All.SingleOrDefault(s => s.Name == c.Study));
        var contrastIds = new[] { LrrVsImpStudy.PaperClaims([1]), MaskTransplantStudy.PaperClaims([1, 2]), RandomMasksStudy.PaperClaims([1]), SignTransplantStudy.PaperClaims([1, 2]) }
            .SelectMany(x => x).Select(c => PaperAStudy.FindingId(c.Contrast)).ToHashSet();
        foreach (var id in new[] { "lrr-vs-imp", "imp-lrrmask-vs-imp", "lrr-impmask-bn-vs-imp", "lrr-rand-bn-vs-imp-rand", "imp-ownsigns-vs-imp", "imp-lrrmask-lrrsigns-vs-imp-lrrmask" })
        {
            Assert.Contains(id, contrastIds);
            Assert.Contains(claims, c => c.Test.Finding == id);
        }
    }

    [Fact]
    public void Signs_early_needs_more_flips_than_imp_and_most_of_lrrs_flips_in_the_first_half()
    {
        var imp = new[] { new LrrVsImpStudy.SignMeasures(0, 0.10, 0.5, 2), new(1, 0.11, 0.5, 2), new(2, 0.12, 0.5, 2) };
        var lrr = new[] { new LrrVsImpStudy.SignMeasures(0, 0.30, 0.80, 1), new(1, 0.32, 0.82, 1), new(2, 0.31, 0.79, 1) };
        Assert.Equal(StudyFinding.Held, LrrVsImpStudy.SignsEarly(lrr, imp).Verdict);
        var late = lrr.Select(m => m with { EarlyShare = 1 - m.EarlyShare }).ToArray();
        Assert.Equal(StudyFinding.NotHeld, LrrVsImpStudy.SignsEarly(late, imp).Verdict);
        var noisy = new[] { lrr[0] with { FlipsVsInit = 0.0 }, lrr[1], lrr[2] with { FlipsVsInit = 0.05 } };
        Assert.Equal(StudyFinding.Undecided, LrrVsImpStudy.SignsEarly(noisy, imp).Verdict);
        Assert.Equal(StudyFinding.Undecided, LrrVsImpStudy.SignsEarly([], imp).Verdict);
    }

    [Fact]
    public void Claims_reads_finished_studies_writes_the_readme_section_and_says_not_run_for_the_rest()
    {
        using var tmp = new TempDir();
        string[] tiny =
        [
            "--set", "data.name=synthetic", "--set", "data.train_subset=256", "--set", "data.test_subset=128", "--set", "model.name=fc-32x2",
            "--set", "training.duration=1ep", "--set", "training.dense_warmup=1ep", "--set", "training.batch_size=64", "--set", "pruning.rewind_to=1ep",
            "--set", "pruning.levels=3", "--set", "schedule.warmup=1it", "--threads", "1", "--seeds", "2",
        ];
        foreach (var study in new[] { "lrr-vs-imp", "sign-transplant" })
        {
            var o = new StringWriter();
            var e = new StringWriter();
            Assert.True(CliApp.Run(["experiment", study, .. tiny, "--out", tmp[$"runs/{study}"]], o, e) == 0, e.ToString());
            var findings = StudyFinding.Load(tmp[$"runs/{study}"]);
            Assert.NotEmpty(findings);
        }
        Assert.Contains("## Signs (Figs. 5, 13, 14)", File.ReadAllText(tmp["runs/lrr-vs-imp/report.md"]));
        Assert.Contains(StudyFinding.Load(tmp["runs/lrr-vs-imp"]), f => f.Id == "signs-early");
        // IMP on LRR's mask and signs trained on exactly the donor's mask.
        Assert.True(RandomMasksStudy.SameMask(Rewind.Pruning.RunStore.Open(tmp["runs/sign-transplant/runs/lrr-s1"]),
            Rewind.Pruning.RunStore.Open(tmp["runs/sign-transplant/runs/imp-lrrmask-lrrsigns-s1"]), 2));

        File.WriteAllText(tmp["README.md"], "# x\n<!-- claims:begin -->\nold\n<!-- claims:end -->\ntail\n");
        var output = new StringWriter();
        var err = new StringWriter();
        Assert.Equal(0, CliApp.Run(["claims", tmp["runs"], "--readme", tmp["README.md"]], output, err));
        var text = output.ToString();
        Assert.Matches(@"A1\s+(held|not held|undecided)\s", text);
        Assert.Matches(@"A2\s+(held|not held|undecided)\s", text);
        Assert.Matches(@"A8\s+(held|not held|undecided)\s", text);
        Assert.Matches(@"B1\s+not run\s", text);
        var readme = File.ReadAllText(tmp["README.md"]);
        Assert.DoesNotContain("\nold\n", readme);
        Assert.Contains("| **A1** ", readme);
        Assert.EndsWith("<!-- claims:end -->\ntail\n", readme);

        File.WriteAllText(tmp["bare.md"], "no markers");
        Assert.Equal(2, CliApp.Run(["claims", tmp["runs"], "--readme", tmp["bare.md"]], new StringWriter(), err));
        Assert.Contains("claims:begin", err.ToString());
    }
}
