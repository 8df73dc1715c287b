using Rewind.Cli;
using Rewind.Experiments.PaperA;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Tests.Experiments;

/// <summary>Paper A's studies: the arms and dependencies they plan, and tiny runs end to end through the CLI.</summary>
[Collection("cli")]
public sealed class PaperAStudyTests
{
    private static readonly string[] TinyConv =
    [
        "data.name=synthetic-images", "data.train_subset=256", "data.test_subset=128", "model.name=conv-4-8", "training.duration=1ep",
        "training.dense_warmup=1ep", "training.batch_size=64", "pruning.rewind_to=1ep", "pruning.levels=2", "schedule.warmup=1it", "threads=1",
    ];

    private static readonly string[] TinyFc =
    [
        "data.name=synthetic", "data.train_subset=256", "data.test_subset=128", "model.name=fc-32x2", "training.duration=1ep",
        "training.dense_warmup=1ep", "training.batch_size=64", "pruning.rewind_to=1ep", "pruning.levels=3", "schedule.warmup=1it", "threads=1",
    ];

    private static IReadOnlyList<PlannedRun> Plan(Study study, string[] sets, int seeds, Dictionary<string, string>? parameters = null) =>
        study.Plan(new StudyContext(study.Define(null, sets, seeds, parameters), Path.Combine(Path.GetTempPath(), "paper-a-plan")));

    private static string[] Cli(string[] sets) => sets.SelectMany(s => s == "threads=1" ? new[] { "--threads", "1" } : ["--set", s]).ToArray();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Default_bases_are_the_cpu_protocol_each_study_names()
    {
        var lenet = PaperAStudy.LeNetBase();
        Assert.Equal(("lenet-300-100", "fashion-mnist", 12000), (lenet.Model.Name, lenet.Data.Name, lenet.Data.TrainSubset));
        Assert.Equal((Duration.FromEpochs(3), Duration.FromEpochs(1), Duration.FromEpochs(1)), (lenet.Training.Duration, lenet.Training.DenseWarmup, lenet.Pruning.RewindTo));
        Assert.Equal((0.1, 0.9, 1e-4, 12, 0.2), (lenet.Optimizer.Lr, lenet.Optimizer.Momentum, lenet.Optimizer.WeightDecay, lenet.Pruning.Levels, lenet.Pruning.Rate));
        var conv = PaperAStudy.ConvBase();
        Assert.Equal(("conv-16-32", 8000, 10), (conv.Model.Name, conv.Data.TrainSubset, conv.Pruning.Levels));
        Assert.True(SpecWriter.SameSpec(conv, new MaskTransplantStudy().DefaultSpec()));
        Assert.True(SpecWriter.SameSpec(conv, new RandomMasksStudy().DefaultSpec()));
        Assert.True(SpecWriter.SameSpec(lenet, new SignPerturbationStudy().DefaultSpec()));
        var schedules = new SchedulesLrrStudy().DefaultSpec();
        Assert.Equal((Duration.FromEpochs(15), Duration.FromEpochs(2), Duration.FromEpochs(2), true), (schedules.Training.Duration, schedules.Training.DenseWarmup, schedules.Pruning.RewindTo, schedules.Schedule.PerEpoch));
    }

    [Fact]
    public void Mask_transplant_runs_each_seeds_donors_first_and_reads_the_masks_of_its_own_seed()
    {
        var plan = Plan(new MaskTransplantStudy(), TinyConv, 2);
        Assert.Equal(["dense", "imp", "lrr", "imp-lrrmask", "lrr-impmask", "lrr-impmask-bn"], plan.Where(r => r.Seed == 1).Select(r => r.Label));
        foreach (var seed in new[] { 0, 1 })
        {
            PlannedRun Of(string label) => plan.Single(r => r.Label == label && r.Seed == seed);
            var dense = Of("dense");
            foreach (var (label, strategy, donor, bn) in new[]
                     {
                         ("imp", "wr", "", false), ("lrr", "lrr", "", false), ("imp-lrrmask", "wr", "lrr", false),
                         ("lrr-impmask", "lrr", "imp", false), ("lrr-impmask-bn", "lrr", "imp", true),
                     })
            {
                var run = Of(label);
                Assert.Equal((strategy, bn, ""), (run.Spec.Pruning.Strategy, run.Spec.Pruning.RewindBatchNorm, run.Spec.Pruning.SignsFrom));
                Assert.Equal(new LevelReuse(dense.Directory, 1), run.Reuse);
                Assert.Equal(donor.Length == 0 ? "" : Of(donor).Directory, run.Spec.Pruning.MaskFrom);
                Assert.Equal(donor.Length == 0 ? Array.Empty<string>() : new[] { Of(donor).Directory }, run.After);
            }
            Assert.True(Path.IsPathRooted(Of("imp-lrrmask").Spec.Pruning.MaskFrom));
        }
        var order = StudyRunner.Ordered(plan.Reverse().ToList()).Select(r => Path.GetFileName(r.Directory)).ToList();
        Assert.True(order.IndexOf("lrr-s0") < order.IndexOf("imp-lrrmask-s0") && order.IndexOf("imp-s1") < order.IndexOf("lrr-impmask-bn-s1"));
    }

    [Fact]
    public void Random_masks_arms_share_one_random_scorer_and_only_lrr_rewinds_batchnorm()
    {
        var plan = Plan(new RandomMasksStudy(), TinyConv, 1);
        Assert.Equal(["dense", "imp-rand", "lrr-rand", "lrr-rand-bn"], plan.Select(r => r.Label));
        Assert.All(plan.Skip(1), r => Assert.Equal("random-balanced", r.Spec.Pruning.Scorer));
        Assert.Equal([("wr", false), ("lrr", false), ("lrr", true)], plan.Skip(1).Select(r => (r.Spec.Pruning.Strategy, r.Spec.Pruning.RewindBatchNorm)));
        var erk = Plan(new RandomMasksStudy(), [.. TinyConv, "pruning.scorer=random-erk"], 1);
        Assert.All(erk.Skip(1), r => Assert.Equal("random-erk", r.Spec.Pruning.Scorer));
    }

    [Fact]
    public void Sign_perturbation_settings_default_to_paper_a_and_perturbed_arms_copy_their_baselines_levels()
    {
        Assert.Equal(8, SignPerturbationStudy.NearestLevel(0.83, 0.2, 12)); // 1 − 0.8⁸ = 83.2%
        Assert.Equal(6, SignPerturbationStudy.NearestLevel(0.83, 0.25, 12));
        Assert.Equal([(1, 0.3), (8, 0.8)], SignPerturbationStudy.ParseSettings(null, null, 12, 0.2));
        Assert.Equal([(1, 0.3), (1, 0.8), (8, 0.3), (8, 0.8)], SignPerturbationStudy.ParseSettings("1,8", "0.3,0.8", 12, 0.2));
        Assert.Equal([(2, 0.5), (9, 0.8), (9, 0.9)], SignPerturbationStudy.ParseSettings("2,9", "0.5/0.8,0.9", 12, 0.2));
        Assert.Contains("--levels: 13 is not a pruned level", Assert.Throws<RewindUserException>(() => SignPerturbationStudy.ParseSettings("1,13", null, 12, 0.2)).Message);
        Assert.Contains("3 groups", Assert.Throws<RewindUserException>(() => SignPerturbationStudy.ParseSettings("1,8", "0.3/0.5/0.8", 12, 0.2)).Message);
        Assert.Contains("'1.5' is not a fraction", Assert.Throws<RewindUserException>(() => SignPerturbationStudy.ParseSettings(null, "1.5", 12, 0.2)).Message);
        Assert.Contains("'x' is not a level", Assert.Throws<RewindUserException>(() => SignPerturbationStudy.ParseSettings("x", null, 12, 0.2)).Message);

        var plan = Plan(new SignPerturbationStudy(), TinyFc, 1, new() { ["levels"] = "1,2" });
        Assert.Equal(["dense", "imp", "lrr", "imp-l1-r0.3", "lrr-l1-r0.3", "imp-l2-r0.3", "lrr-l2-r0.3"], plan.Select(r => r.Label));
        foreach (var run in plan.Where(r => r.Label.Contains("-l", StringComparison.Ordinal)))
        {
            var baseline = plan.Single(r => r.Label == run.Label[..3]);
            int level = run.Spec.Pruning.PerturbSigns.Level;
            Assert.Equal((level, 0.3), (level, run.Spec.Pruning.PerturbSigns.Fraction));
            Assert.Equal(new LevelReuse(baseline.Directory, int.MaxValue), run.Reuse);
            Assert.Equal(RunIdentity.PrefixKey(baseline.Spec, level), RunIdentity.PrefixKey(run.Spec, level));        // levels 0..L−1 shared
            Assert.NotEqual(RunIdentity.PrefixKey(baseline.Spec, level + 1), RunIdentity.PrefixKey(run.Spec, level + 1)); // level L perturbed
        }
    }

    [Fact]
    public void Schedules_scale_with_the_level_and_give_paper_a_exactly_at_150_epochs()
    {
        var paper = SchedulesLrrStudy.Schedules(PaperAStudy.LeNetBase(["training.duration=150ep"]));
        var cosine = StepSchedules.FromSpec(paper["cosine-warmup"], 1, includeWarmup: true); // one step per epoch: the LR of epoch e
        var step = StepSchedules.FromSpec(paper["step-warmup"], 1, includeWarmup: true);
        // ALGORITHMS §8.7 (η = 0.1, η_min = 0.01, E = 150).
        foreach (var (e, lr) in new[] { (0, 0.01), (9, 0.1), (11, 0.0999886706), (80, 0.055), (149, 0.0100113294) })
            Assert.Equal(lr, cosine.LearningRate(e, 150, 0.1), 9);
        foreach (var (e, lr) in new[] { (0, 0.01), (9, 0.1), (69, 0.1), (70, 0.01), (129, 0.01), (130, 0.001), (149, 0.001) })
            Assert.Equal(lr, step.LearningRate(e, 150, 0.1), 12);
        Assert.Equal(0.1, StepSchedules.FromSpec(paper["constant"], 1, true).LearningRate(0, 150, 0.1));
        Assert.Equal(0.1, StepSchedules.FromSpec(paper["cosine"], 1, true).LearningRate(0, 150, 0.1), 12);
        Assert.Equal(0.1, StepSchedules.FromSpec(paper["step"], 1, true).LearningRate(0, 150, 0.1), 12);
        Assert.All(paper.Values, s => Assert.True(s.PerEpoch));

        var cpu = SchedulesLrrStudy.Schedules(new SchedulesLrrStudy().DefaultSpec());
        Assert.Equal(Duration.FromEpochs(2), cpu["step-warmup"].Warmup);
        Assert.Equal([Duration.FromEpochs(7), Duration.FromEpochs(13)], cpu["step-warmup"].Drops);
        Assert.Contains("whole epochs", Assert.Throws<RewindUserException>(() => SchedulesLrrStudy.Schedules(PaperAStudy.LeNetBase(["training.duration=500it"]))).Message);

        var plan = Plan(new SchedulesLrrStudy(), [.. TinyFc, "training.duration=3ep", "schedule.warmup=0it", "schedule.per_epoch=true"], 1);
        Assert.Equal(10, plan.Count); // no shared dense run: the schedule shapes level 0 too
        foreach (var imp in plan.Where(r => r.Label.StartsWith("imp-", StringComparison.Ordinal)))
        {
            var lrr = plan.Single(r => r.Label == "lrr-" + imp.Label[4..]);
            Assert.Equal(new LevelReuse(lrr.Directory, int.MaxValue), imp.Reuse);
            Assert.Equal(RunIdentity.LevelZeroKey(lrr.Spec), RunIdentity.LevelZeroKey(imp.Spec));
            Assert.Equal(("wr", lrr.Spec.Schedule), (imp.Spec.Pruning.Strategy, imp.Spec.Schedule));
        }
    }

    /// <summary>Paper A's CIFAR-10 protocol (Table 1) on a generated CIFAR-shaped set, as a preset would give it.</summary>
    private const string PaperSettings = """
        name: paper-a-like
        data: { name: synthetic-images, train_subset: 512 }
        model: { name: resnet-18 }
        training: { duration: 150ep, batch_size: 256, dense_warmup: 50ep }
        optimizer: { name: sgd, lr: 0.1, momentum: 0.9, weight_decay: 0.0001 }
        schedule: { name: cosine, warmup: 10ep, min_lr: 0.01, per_epoch: true }
        pruning: { strategy: lrr, levels: 17, rate: 0.2, rewind_to: 50ep }
        """;

    [Fact]
    public void Every_study_takes_the_papers_settings_through_spec_and_keeps_them()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["paper.yaml"], PaperSettings);
        IReadOnlyList<PlannedRun> PlanOf(Study study, Dictionary<string, string>? parameters = null) =>
            study.Plan(new StudyContext(study.Define(tmp["paper.yaml"], ["threads=1"], 3, parameters), tmp["study"]));
        foreach (var study in new Study[] { new MaskTransplantStudy(), new RandomMasksStudy(), new SignPerturbationStudy(), new SchedulesLrrStudy() })
        {
            var plan = PlanOf(study);
            Assert.Equal([0, 1, 2], plan.Select(r => r.Seed).Distinct());
            Assert.All(plan, r => Assert.Equal(("resnet-18", 150, 50, 256), (r.Spec.Model.Name, r.Spec.Training.Duration.Epochs, r.Spec.Pruning.RewindTo.Epochs, r.Spec.Training.BatchSize)));
            Assert.All(plan, r => Assert.Equal(50, r.Spec.Training.DenseWarmup.Epochs));
        }
        var perturbed = PlanOf(new SignPerturbationStudy()).Where(r => r.Spec.Pruning.PerturbSigns.Level > 0).Select(r => (r.Label, r.Spec.Pruning.PerturbSigns.Fraction)).Distinct();
        Assert.Equal([("imp-l1-r0.3", 0.3), ("lrr-l1-r0.3", 0.3), ("imp-l8-r0.8", 0.8), ("lrr-l8-r0.8", 0.8)], perturbed);
        var schedules = PlanOf(new SchedulesLrrStudy());
        var paper = SpecLoader.Load(tmp["paper.yaml"]).Schedule;
        var cosine = schedules.First(r => r.Label == "lrr-cosine-warmup").Spec.Schedule; // the preset's schedule is Paper A's cosine-warmup
        Assert.Equal((paper.Name, paper.Warmup, paper.MinLr, paper.PerEpoch, paper.WarmupEveryLevel, 0), (cosine.Name, cosine.Warmup, cosine.MinLr, cosine.PerEpoch, cosine.WarmupEveryLevel, cosine.Drops.Count));
        Assert.Equal([Duration.FromEpochs(70), Duration.FromEpochs(130)], schedules.First(r => r.Label == "imp-step-warmup").Spec.Schedule.Drops);
    }

    [Fact]
    public void Batchnorm_rewinding_changes_nothing_for_wr_which_is_why_no_imp_arm_has_it()
    {
        using var tmp = new TempDir();
        var spec = RunValidation.Resolve(PaperAStudy.ConvBase([.. TinyConv, "pruning.strategy=wr", "seed=2"]));
        var plain = RunStore.Create(tmp["plain"], spec);
        var bn = RunStore.Create(tmp["bn"], spec with { Pruning = spec.Pruning with { RewindBatchNorm = true } });
        TestRuns.Execute(plain);
        TestRuns.Execute(bn);
        using var a = plain.LoadFinal(2);
        using var b = bn.LoadFinal(2);
        foreach (var (name, t) in a.Model) Assert.True(Data.Same.Tensors(t, b.Model[name]), name);
    }

    [Fact]
    public void Paper_a_studies_run_end_to_end_from_the_cli_and_report_their_claims()
    {
        using var tmp = new TempDir();
        foreach (var (study, sets, extra) in new (string, string[], string[])[]
                 {
                     ("mask-transplant", TinyConv, []),
                     ("random-masks", TinyConv, []),
                     ("sign-perturbation", TinyFc, ["--levels", "1,2"]),
                 })
        {
            var (code, output, err) = Run(["experiment", study, .. Cli(sets), "--seeds", "2", "--out", tmp[study], .. extra]);
            Assert.True(code == 0, $"{study}: {err}");
            Assert.Contains("report.md", output);
            var report = File.ReadAllText(tmp[$"{study}/report.md"]);
            Assert.Contains("## Paper A's claims at this scale", report);
            Assert.Matches(@"\*\*(held|not held|undecided)\*\* — ", report);
            Assert.True(File.Exists(tmp[$"{study}/plots/paired-differences.png"]), study);
        }

        // Mask transplant: IMP on LRR's mask trained with exactly the donor's mask at every level.
        var mt = File.ReadAllText(tmp["mask-transplant/report.md"]);
        Assert.Contains("Fig. 3 — IMP trained on LRR's mask beats IMP on its own mask", mt);
        Assert.Contains("## How different are the masks of imp and lrr", mt);
        Assert.Contains("## BatchNorm γ", mt);
        for (int level = 0; level <= 2; level++)
            foreach (var seed in new[] { 0, 1 })
            {
                Assert.True(RandomMasksStudy.SameMask(RunStore.Open(tmp[$"mask-transplant/runs/lrr-s{seed}"]), RunStore.Open(tmp[$"mask-transplant/runs/imp-lrrmask-s{seed}"]), level));
                Assert.True(RandomMasksStudy.SameMask(RunStore.Open(tmp[$"mask-transplant/runs/imp-s{seed}"]), RunStore.Open(tmp[$"mask-transplant/runs/lrr-impmask-bn-s{seed}"]), level));
            }
        Assert.False(RandomMasksStudy.SameMask(RunStore.Open(tmp["mask-transplant/runs/lrr-s0"]), RunStore.Open(tmp["mask-transplant/runs/lrr-s1"]), 2));

        // Random masks: every arm of a seed trained on the bit-identical mask at every level, and the report says so.
        foreach (var seed in new[] { 0, 1 })
            for (int level = 1; level <= 2; level++)
                foreach (var arm in new[] { "lrr-rand", "lrr-rand-bn" })
                    Assert.True(RandomMasksStudy.SameMask(RunStore.Open(tmp[$"random-masks/runs/imp-rand-s{seed}"]), RunStore.Open(tmp[$"random-masks/runs/{arm}-s{seed}"]), level), $"{arm} s{seed} level {level}");
        Assert.Contains("the arms of a seed trained on bit-identical masks", File.ReadAllText(tmp["random-masks/report.md"]));

        // Sign perturbation: the overall verdict, each arm against its baseline, the flips recorded, levels before copied.
        var sp = File.ReadAllText(tmp["sign-perturbation/report.md"]);
        Assert.Contains("**Overall — LRR recovers more reliably from sign perturbations, given enough overparameterisation: ", sp);
        Assert.Contains("## Each arm against its own baseline", sp);
        Assert.Contains("## What was flipped", sp);
        Assert.True(File.Exists(tmp["sign-perturbation/runs/lrr-l2-r0.3-s1/levels/02/perturbation.json"]));
        Assert.False(File.Exists(tmp["sign-perturbation/runs/lrr-l2-r0.3-s1/levels/01/perturbation.json"]));
        Assert.Equal(File.ReadAllText(tmp["sign-perturbation/runs/lrr-s1/levels/01/summary.json"]), File.ReadAllText(tmp["sign-perturbation/runs/lrr-l2-r0.3-s1/levels/01/summary.json"]));

        // `rewind report DIR` rebuilds the same report from the stored runs.
        File.Delete(tmp["mask-transplant/report.md"]);
        Assert.Equal(0, Run("report", tmp["mask-transplant"]).Code);
        Assert.Equal(mt, File.ReadAllText(tmp["mask-transplant/report.md"]));
    }
}
