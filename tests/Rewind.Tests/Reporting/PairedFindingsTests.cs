using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Specs;

namespace Rewind.Tests.Reporting;

/// <summary>Claims decided by paired differences over seeds: hand-computed numbers, and pairs read from hand-made run directories.</summary>
public sealed class PairedFindingsTests
{
    private static readonly PairedClaim Claim = new("Fig. 0", "A beats B", Contrast.Between("a", "b"), [1, 2, 3]);

    /// <summary>Four seeds, B = 0.90 everywhere; A − B per level as given.</summary>
    private static LevelPairs Level(int level, params double[] differences) =>
        new(level, Math.Pow(0.8, level), [0, 1, 2, 3], differences.Select(d => 0.90 + d).ToArray(), [0.90, 0.90, 0.90, 0.90]);

    // Level 1: d = 0.005, 0.003, 0.007, 0.005 → mean 0.005, t = 6.1237 (3 df), p = 0.0087544.
    // Level 2: d = 0.01, −0.01, 0, 0 → mean 0, p = 1.
    // Level 3: d = 0.010, 0.012, 0.011, 0.011 → t = 26.94, p ≈ 1.1e-4.
    private static readonly LevelPairs[] Clear = [Level(1, 0.005, 0.003, 0.007, 0.005), Level(2, 0.01, -0.01, 0, 0), Level(3, 0.010, 0.012, 0.011, 0.011)];

    private static LevelPairs Negated(LevelPairs p) => p with { A = p.B, B = p.A };

    [Fact]
    public void A_claim_holds_when_some_level_is_significant_after_holm_and_none_goes_against_it()
    {
        var test = PairedFindings.Test(Claim, Clear);
        Assert.Equal(Verdict.Held, test.Verdict);
        Assert.Equal([1, 0, 1], test.Levels.Select(l => l.Direction));
        Assert.Equal(0.005, test.Levels[0].Difference.Difference.Mean, 12);
        Assert.Equal(0.0087544, test.Levels[0].Difference.P, 6);
        // Holm over the 3 levels: level 3 first (3·p₃ ≈ 3e-4), then level 1 at 2·p₁; level 2 (p = 1) is not rejected.
        Assert.Equal(2 * 0.0087544, test.Levels[0].AdjustedP, 6);
        Assert.False(test.Levels[1].Significant);
        Assert.Equal(1, test.Levels[1].AdjustedP, 12);
        // Averaged over the levels per seed: Σd = 0.02 + 0 + 0.044 over 12 pairs.
        Assert.Equal(0.064 / 12, test.Average!.Mean, 12);
        Assert.Equal(4, test.Average.Count);

        var sentence = PairedFindings.Sentence(test);
        Assert.StartsWith("Fig. 0 — A beats B: **held** — `a − b` is significantly positive at levels 1, 3 (n = 4 seeds, Holm-corrected over levels 1–3)", sentence);
        Assert.Contains("largest at level 3 (51.2% density): +1.10 points [", sentence);
        Assert.Contains("no level is significantly negative", sentence);
        Assert.Contains("Averaged over the levels per seed: +0.53 points", sentence);
    }

    [Fact]
    public void A_claim_is_not_held_when_a_level_goes_significantly_against_it_even_if_another_supports_it()
    {
        var against = PairedFindings.Test(Claim, Clear.Select(Negated).ToArray());
        Assert.Equal(Verdict.NotHeld, against.Verdict);
        Assert.Contains("**not held** — `a − b` is significantly negative at levels 1, 3", PairedFindings.Sentence(against));
        Assert.Contains("no level is significantly positive", PairedFindings.Sentence(against));

        var mixed = PairedFindings.Test(Claim, [Clear[0], Clear[1], Negated(Clear[2])]);
        Assert.Equal(Verdict.NotHeld, mixed.Verdict);
        Assert.Equal([1, 0, -1], mixed.Levels.Select(l => l.Direction));
        var sentence = PairedFindings.Sentence(mixed);
        Assert.Contains("significantly negative at level 3", sentence);
        Assert.Contains("it is significantly positive at level 1", sentence);
    }

    [Fact]
    public void A_claim_is_undecided_when_every_corrected_interval_contains_zero_or_there_is_one_seed()
    {
        // Noise at every level: level 1 d = 0.01, 0, 0.02, −0.005 (mean 0.00625, t ≈ 1.13, p ≈ 0.34); levels 2 and 3 centred near 0.
        var noisy = PairedFindings.Test(Claim, [Level(1, 0.01, 0.0, 0.02, -0.005), Level(2, 0.01, -0.01, 0, 0), Level(3, -0.02, 0.03, 0.0, 0.01)]);
        Assert.Equal(Verdict.Undecided, noisy.Verdict);
        Assert.All(noisy.Levels, l => Assert.Equal(0, l.Direction));
        Assert.Contains("**undecided** — no level differs significantly (n = 4 seeds", PairedFindings.Sentence(noisy));
        Assert.Contains("the paired 95% intervals contain 0 at 3 of 3 levels", PairedFindings.Sentence(noisy));

        var oneSeed = PairedFindings.Test(Claim, [new LevelPairs(1, 0.8, [0], [0.95], [0.90])]);
        Assert.Equal(Verdict.Undecided, oneSeed.Verdict);
        Assert.Contains("with one seed there is no paired interval", PairedFindings.Sentence(oneSeed));
        Assert.Contains("+5.00 points", PairedFindings.Sentence(oneSeed));

        Assert.Equal(Verdict.Undecided, PairedFindings.Test(Claim, []).Verdict);
        Assert.Contains("no seed has finished", PairedFindings.Sentence(PairedFindings.Test(Claim, [])));
    }

    [Fact]
    public void Composite_claims_and_number_formats()
    {
        Assert.Equal(Verdict.Held, PairedFindings.All([Verdict.Held, Verdict.Held]));
        Assert.Equal(Verdict.Undecided, PairedFindings.All([Verdict.Held, Verdict.Undecided]));
        Assert.Equal(Verdict.NotHeld, PairedFindings.All([Verdict.Held, Verdict.NotHeld, Verdict.Undecided]));
        Assert.Equal(Verdict.Undecided, PairedFindings.All([]));
        Assert.Equal("1–3, 5, 7–8", PairedFindings.Ranges([8, 1, 2, 3, 5, 7, 2]));
        Assert.Equal("+1.23", PairedFindings.Points(0.0123));
        Assert.Equal("−0.50", PairedFindings.Points(-0.005));
        Assert.Equal("0.00", PairedFindings.Points(0));
        Assert.Equal(("held", "not held", "undecided"), (PairedFindings.Word(Verdict.Held), PairedFindings.Word(Verdict.NotHeld), PairedFindings.Word(Verdict.Undecided)));
    }

    [Fact]
    public void Pairs_are_read_seed_by_seed_from_run_directories_and_a_difference_of_changes_cancels_the_baselines()
    {
        using var tmp = new TempDir();
        // Accuracy of arm, seed, level: base + offsets chosen so (p − base) − (q − qbase) = 0.01·(seed + 1) at every level.
        void Write(string arm, int seed, int levels, Func<int, double> accuracy)
        {
            var store = RunStore.Create(StudyResults.RunDirectory(tmp.Path, arm, seed), new RunSpec { Name = arm, Seed = seed });
            for (int l = 0; l <= levels; l++)
                store.CompleteLevel(new LevelSummary(l, Math.Pow(0.8, l), 100, 100, accuracy(l), 0, 0, 0, 0, 1, 1, 0));
        }
        for (int seed = 0; seed < 3; seed++)
        {
            int s = seed;
            Write("lrr", s, 3, l => 0.80 + 0.01 * l + 0.001 * s);
            Write("imp", s, 3, l => 0.78 + 0.002 * s);
            Write("lrr-p", s, 3, l => 0.80 + 0.01 * l + 0.001 * s - 0.02);
            Write("imp-p", s, s == 2 ? 2 : 3, l => 0.78 + 0.002 * s - 0.03 - 0.01 * (s + 1)); // seed 2 has not finished level 3
        }
        var results = StudyResults.Read(tmp.Path, ["imp", "lrr", "imp-p", "lrr-p"]);
        var pairs = PairedFindings.Pairs(results, Contrast.OfChanges("lrr-p", "lrr", "imp-p", "imp"), [1, 2, 3]);
        Assert.Equal([1, 2, 3], pairs.Select(p => p.Level));
        Assert.Equal([0, 1, 2], pairs[0].Seeds);
        Assert.Equal([0, 1], pairs[2].Seeds); // only the seeds with every arm at the level
        for (int i = 0; i < 3; i++)
            Assert.Equal(0.01 + 0.01 * (i + 1), pairs[0].A[i] - pairs[0].B[i], 12);
        Assert.Equal(0.8, pairs[0].Density, 12); // the first arm's density

        var test = PairedFindings.Test(results, new PairedClaim("Fig. 6", "LRR recovers better", Contrast.OfChanges("lrr-p", "lrr", "imp-p", "imp"), [1, 2, 3]));
        Assert.Equal(0.03, test.Levels[0].Difference.Difference.Mean, 12);
        Assert.Equal(0.025, test.Levels[2].Difference.Difference.Mean, 12);
        Assert.Equal(2, test.Average!.Count); // seeds 0 and 1 have all three levels
        Assert.Equal((0.02 + 0.03) / 2, test.Average.Mean, 12);
    }
}
