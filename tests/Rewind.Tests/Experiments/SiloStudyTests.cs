using Rewind.Cli;
using Rewind.Experiments.Silo;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Tests.Experiments;

/// <summary>How the SILO studies derive their arms, and each study end to end at a tiny budget.</summary>
[Collection("cli")]
public sealed class SiloStudyTests
{
    private static readonly string[] Tiny =
    [
        "--set", "data.name=synthetic", "--set", "model.name=fc-32x2", "--set", "data.train_subset=0", "--set", "data.validation=256",
        "--set", "training.duration=2ep", "--set", "schedule.drops=[2ep]", "--set", "pruning.levels=2", "--threads", "1",
        "--jobs", "1", // in this process: these tiny studies would spend more time starting worker processes than training
    ];

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Schedule_arms_follow_paper_b_table_16_relative_to_the_silo_base()
    {
        var arms = ScheduleStudy.Arms(SiloStudy.DefaultBase(), levelSteps: 376);
        Assert.Equal(["constant", "decay", "cyclical", "warmup", "silo"], arms.Select(a => a.Label));
        var byLabel = arms.ToDictionary(a => a.Label, a => a.Spec);
        Assert.Equal(0.01, byLabel["constant"].Optimizer.Lr, 15);
        Assert.Equal("constant", byLabel["constant"].Schedule.Name);
        Assert.Equal("linear-decay", byLabel["decay"].Schedule.Name);
        Assert.Equal(Duration.FromIterations(47), byLabel["cyclical"].Schedule.HalfPeriod); // 1/8 of the level (8K of 63K)
        Assert.Equal("fixed", byLabel["warmup"].Peak.Name);
        Assert.Equal(byLabel["silo"].Schedule, byLabel["warmup"].Schedule);
        var silo = byLabel["silo"].Peak;
        Assert.Equal(("silo", 0.04, 1, 5.0), (silo.Name, silo.Delta, silo.Q, silo.Beta));
        Assert.Equal("warmup", arms.Single(a => a.Label == "silo").ReuseFrom);

        var adam = ScheduleStudy.Arms(SiloStudy.DefaultBase(), 376, optimizer: "adam").ToDictionary(a => a.Label, a => a.Spec);
        Assert.Equal("adam", adam["silo"].Optimizer.Name);
        Assert.Equal(0.003, adam["silo"].Optimizer.Lr, 15);
        Assert.Equal(0.004, adam["silo"].Peak.Delta, 15);
        Assert.Contains("--optimizer: 'adagrad'", Assert.Throws<RewindUserException>(() => ScheduleStudy.Arms(SiloStudy.DefaultBase(), 376, "adagrad")).Message);
        var notSilo = SiloStudy.DefaultBase(["peak.name=fixed", "peak.delta=0"]);
        Assert.Contains("--set peak.name=silo", Assert.Throws<RewindUserException>(() => ScheduleStudy.Arms(notSilo, 376)).Message);
    }

    [Fact]
    public void Sensitivity_arms_are_paper_b_pairs_beside_warmup_and_bad_pairs_are_user_errors()
    {
        var arms = SensitivityStudy.Arms(SiloStudy.DefaultBase(), SensitivityStudy.PaperPairs);
        Assert.Equal(["warmup", "q1-b5", "q2-b5", "q3-b4", "q1-b3", "q1-b7", "q5-b5"], arms.Select(a => a.Label));
        Assert.Equal((3, 4.0), (arms[3].Spec.Peak.Q, arms[3].Spec.Peak.Beta));
        Assert.Equal([(1, 5.0), (2, 3.5)], SensitivityStudy.ParsePairs("1:5, 2:3.5"));
        Assert.Contains("'1-5' is not a q:β pair", Assert.Throws<RewindUserException>(() => SensitivityStudy.ParsePairs("1-5")).Message);
        Assert.Contains("β = 0 is not allowed", Assert.Throws<RewindUserException>(() => SensitivityStudy.Arms(SiloStudy.DefaultBase(), [(1, 0)])).Message);
    }

    [Fact]
    public void Arm_overrides_apply_to_their_arm_only_and_unknown_arms_are_named()
    {
        var study = new ScheduleStudy();
        var plan = study.Plan(new StudyContext(study.Define(null, ["threads=1", "constant:optimizer.lr=0.02"], 2), "out"));
        Assert.Equal(10, plan.Count);
        Assert.All(plan.Where(r => r.Label == "constant"), r => Assert.Equal(0.02, r.Spec.Optimizer.Lr));
        Assert.All(plan.Where(r => r.Label == "decay"), r => Assert.Equal(0.03, r.Spec.Optimizer.Lr));
        Assert.All(plan.Where(r => r.Label == "silo"), r => Assert.EndsWith(Path.Combine("runs", $"warmup-s{r.Seed}"), r.Reuse!.From));
        var bad = new StudyContext(study.Define(null, ["threads=1", "sgdr:optimizer.lr=0.1"], 2), "out");
        var e = Assert.Throws<RewindUserException>(() => study.Plan(bad));
        Assert.Contains("'sgdr' is not an arm of this study; the arms are constant, decay, cyclical, warmup, silo", e.Message);
    }

    [Fact]
    public void Default_base_is_the_cpu_preset_and_every_preset_parses()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Rewind.slnx"))) root = Path.GetDirectoryName(root)!;
        var presets = Directory.GetFiles(Path.Combine(root, "presets"), "*.yaml");
        Assert.Contains(presets, p => p.EndsWith("silo-resnet20-cifar10.yaml", StringComparison.Ordinal));
        Assert.Contains(presets, p => p.EndsWith("silo-vgg19-cifar10.yaml", StringComparison.Ordinal));
        foreach (var p in presets) _ = SpecLoader.Load(p);
        var cpu = SpecLoader.Load(Path.Combine(root, "presets", "silo-lenet-fashion-mnist.yaml"));
        Assert.True(SpecWriter.SameSpec(SiloStudy.DefaultBase(), cpu));
        var resnet = SpecLoader.Load(Path.Combine(root, "presets", "silo-resnet20-cifar10.yaml"));
        Assert.Equal([0.03, 0.03, SiloPeak.MaxLr(2, 0.03, 0.04, 0.2, 1, 5)], PeakSchedules.Peaks(resnet.Peak, resnet.Optimizer.Lr, resnet.Pruning.Rate, 2)); // ε 0.03, δ 0.04, p 0.2
        Assert.Equal(Duration.FromIterations(63_000), resnet.Training.Duration);
    }

    [Fact]
    public void Presets_are_found_by_name_and_an_unknown_name_lists_them()
    {
        Assert.EndsWith(Path.Combine("presets", "silo-vgg19-cifar10.yaml"), Presets.PathOf("silo-vgg19-cifar10"));
        Assert.Contains("silo-resnet20-cifar10", Presets.Names());
        var (code, _, err) = Cli("run", "--preset", "silo-resnet-50");
        Assert.Equal(2, code);
        Assert.Contains("--preset: 'silo-resnet-50' is not a preset; available: ", err);
        Assert.Contains("silo-lenet-fashion-mnist", err);
    }

    [Fact]
    public void Every_study_runs_end_to_end_at_a_tiny_budget_and_writes_its_report()
    {
        using var tmp = new TempDir();
        foreach (var (study, arms, extra) in new (string, int, string[])[]
                 {
                     ("schedules", 5, []),
                     ("silo-sensitivity", 3, ["--pairs", "1:5,0:3"]),
                     ("oracle", 5, ["--grid", "0.01,0.1", "--levels", "2"]),
                     ("gradient-narrowing", 2, []),
                 })
        {
            var (code, output, err) = Cli(["experiment", study, .. Tiny, "--seeds", "2", "--out", tmp[study], .. extra]);
            Assert.True(code == 0, $"{study}: {err}");
            Assert.Contains("report.md", output);
            var report = File.ReadAllText(tmp[$"{study}/report.md"]);
            Assert.Contains("## Early-stop test accuracy (Paper B's metric)", report);
            Assert.Contains("## Peak learning rate per level", report);
            Assert.True(File.Exists(tmp[$"{study}/silo-metrics.csv"]));
            Assert.True(File.Exists(tmp[$"{study}/plots/peaks.png"]));
            Assert.Equal(1 + arms * 3, File.ReadAllLines(tmp[$"{study}/silo-metrics.csv"]).Length); // header + arms × levels 0..2
        }
        Assert.Contains("## The Oracle's choices", File.ReadAllText(tmp["oracle/report.md"]));
        Assert.Contains("## E_AA and E_WG per layer", File.ReadAllText(tmp["gradient-narrowing/report.md"]));
        Assert.True(File.Exists(tmp["gradient-narrowing/plots/update-histograms.png"]));
        Assert.Contains("## The (q, β) grid", File.ReadAllText(tmp["silo-sensitivity/report.md"]));

        // `rewind report DIR` rebuilds the whole report, the study's own sections included, from the stored runs.
        var oracleReport = File.ReadAllText(tmp["oracle/report.md"]);
        File.Delete(tmp["oracle/report.md"]);
        Assert.Equal(0, Cli("report", tmp["oracle"]).Code);
        Assert.Equal(oracleReport, File.ReadAllText(tmp["oracle/report.md"]));

        // Rerunning continues (here: nothing left) instead of training again; another study in the folder is refused.
        var (again, againOut, _) = Cli(["experiment", "schedules", .. Tiny, "--seeds", "2", "--out", tmp["schedules"]]);
        Assert.Equal(0, again);
        Assert.DoesNotContain("epoch", againOut);
        var (other, _, otherErr) = Cli(["experiment", "schedules", .. Tiny, "--seeds", "1", "--out", tmp["schedules"]]);
        Assert.Equal(2, other);
        Assert.Contains("already holds a different study", otherErr);
    }

    [Fact]
    public void Silo_theory_runs_with_settings_from_set_and_checks_theorem_1()
    {
        using var tmp = new TempDir();
        var (code, _, err) = Cli("experiment", "silo-theory", "--set", "hidden=200", "--set", "samples=400", "--set", "inits=20",
            "--set", "levels=4", "--set", "taus=[0.5, 0.9]", "--seeds", "2", "--out", tmp["theory"]);
        Assert.True(code == 0, err);
        var csv = File.ReadAllLines(tmp["theory/theory.csv"]);
        Assert.Equal(1 + 7, csv.Length); // τ = 0.5, 0.9 and τ_k for k = 0..4 (0, 0.2, 0.36, 0.488, 0.5904)
        Assert.Contains("## Theorem 1: 4·E_AA ≥ C", File.ReadAllText(tmp["theory/report.md"]));
        var (bad, _, badErr) = Cli("experiment", "silo-theory", "--set", "sigma_w=-1", "--out", tmp["bad"]);
        Assert.Equal(2, bad);
        Assert.Contains("sigma_w: -1 is outside", badErr);
    }

    [Fact]
    public void Theorem_1_network_pruned_by_magnitude_has_four_e_aa_about_twice_the_bound()
    {
        // C is E[z²] of a pre-activation exactly, and E[ReLU(z)²] = E[z²]/2 for symmetric z: 4·E_AA ≈ 2·C.
        var s = new TheorySettings { Hidden = 300, Samples = 500, Inits = 10 };
        var points = TheoryStudy.Measure(s, [0, 0.5, 0.9], seed: 1);
        foreach (var p in points)
        {
            Assert.Equal(TheoryStudy.Bound(0.1, 0.01, 100, p.Tau), p.Bound);
            Assert.InRange(p.FourEaa / p.Bound, 1.8, 2.2);
        }
        Assert.Equal(Rewind.Analysis.Theory.SiloTheory.C(0.1, 0.01, 100, 0.2, 5), TheoryStudy.Bound(0.1, 0.01, 100, 1 - Math.Pow(0.8, 5)), 15);
        using var w = TorchSharp.torch.tensor(new float[] { 0.3f, -0.1f, 2f, -0.05f, 0.7f });
        using var mask = TheoryStudy.MagnitudeMask(w, 0.5); // ⌊2.5⌋ = 2 smallest magnitudes pruned
        Assert.Equal([1f, 0f, 1f, 0f, 1f], mask.data<float>().ToArray());
    }
}
