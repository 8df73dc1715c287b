using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Experiments.Silo;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Experiments.PaperA;

/// <summary>
/// <c>rewind experiment schedules-lrr</c>: Paper A's learning-rate comparison for IMP and LRR (appendix A.3, Figs. 8–9;
/// ALGORITHMS §5.1, §5.3). Each strategy runs Paper A's per-epoch schedules (<c>schedule.per_epoch</c>) restarted at every
/// level: cosine-warmup (linear warm-up, then a cosine to a floor), step-warmup (linear warm-up, then ×0.1 drops), the same
/// two without warm-up, and a constant rate. The shapes scale with the level's E epochs so that E = 150 gives Paper A's
/// exactly: warm-up W = E/15 epochs (10; at least 2), drops at 7E/15 and 13E/15 (70, 130), floor η/10 (0.01 at η = 0.1).
/// IMP (<c>wr</c>) copies level 0 from the LRR arm of the same schedule. Default: LeNet-300-100 on 3,000 Fashion-MNIST
/// images, 15 epochs per level, 8 levels, 5 seeds.
/// </summary>
public sealed class SchedulesLrrStudy : PaperAStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "schedules-lrr";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper A Figs. 8–9: IMP and LRR with Paper A's per-epoch schedules — cosine-warmup, step-warmup, both without warm-up, constant (LeNet-300-100 / Fashion-MNIST by default).";

    /// <inheritdoc/>
    protected override bool SharesDenseLevel => false;

    /// <inheritdoc/>
    public override int DefaultSeeds => 5;

    /// <summary>The schedules, warm-up ones first.</summary>
    public static IReadOnlyList<string> ScheduleNames { get; } = ["cosine-warmup", "step-warmup", "cosine", "step", "constant"];

    /// <summary>The schedules with a warm-up inside every level (the claim's candidates).</summary>
    public static IReadOnlyList<string> WarmupSchedules { get; } = ["cosine-warmup", "step-warmup"];

    /// <summary>The default base: Paper A's LeNet-300-100 base with levels long enough for per-epoch schedules.</summary>
    public override RunSpec DefaultSpec() => LeNetBase(
    [
        "name=paper-a-lenet-schedules", "data.train_subset=3000", "training.duration=15ep", "training.dense_warmup=2ep", "pruning.rewind_to=2ep",
        "pruning.levels=8", "schedule.per_epoch=true", "schedule.warmup=2ep",
    ]);

    /// <summary>
    /// The five per-epoch schedules for a base of E whole epochs per level, by name (<see cref="ScheduleNames"/>): warm-up
    /// max(2, round(E/15)) epochs (at most E − 1), drops at round(7E/15) and round(13E/15) (after the warm-up, inside the level), cosine floor
    /// η/10; E = 150 gives Paper A's cosine-warmup and step-warmup (§5.1). A base whose level is not whole epochs is a user error.
    /// </summary>
    public static IReadOnlyDictionary<string, ScheduleSpec> Schedules(RunSpec baseSpec)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        var d = baseSpec.Training.Duration;
        if (d.Iterations != 0 || d.Epochs < 2)
            throw new RewindUserException(
                $"training.duration: {d} — the {StudyName} study runs Paper A's per-epoch schedules, which need a level of whole epochs (at least 2, e.g. \"15ep\"; Paper A: \"150ep\").");
        int e = d.Epochs;
        int w = Math.Min(Math.Max(2, (int)Math.Round(e / 15.0, MidpointRounding.AwayFromZero)), e - 1);
        var drops = new[] { 7 * e / 15.0, 13 * e / 15.0 }.Select(x => Math.Clamp((int)Math.Round(x, MidpointRounding.AwayFromZero), Math.Max(1, w), e - 1))
            .Distinct().Select(x => Duration.FromEpochs(x)).ToArray();
        double floor = baseSpec.Optimizer.Lr / 10;
        var perEpoch = new ScheduleSpec { PerEpoch = true, DropFactor = baseSpec.Schedule.DropFactor };
        return new Dictionary<string, ScheduleSpec>
        {
            ["cosine-warmup"] = perEpoch with { Name = "cosine", Warmup = Duration.FromEpochs(w), MinLr = floor },
            ["step-warmup"] = perEpoch with { Name = "warmup-step", Warmup = Duration.FromEpochs(w), Drops = drops },
            ["cosine"] = perEpoch with { Name = "cosine", MinLr = floor },
            ["step"] = perEpoch with { Name = "warmup-step", Drops = drops },
            ["constant"] = perEpoch with { Name = "constant", DropFactor = new ScheduleSpec().DropFactor },
        };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Arms(context.BaseSpec);
    }

    /// <summary>The arms for <paramref name="baseSpec"/>: <c>imp-&lt;schedule&gt;</c> (copying level 0 from the LRR arm of its schedule), then <c>lrr-&lt;schedule&gt;</c>.</summary>
    public static IReadOnlyList<StudyArm> Arms(RunSpec baseSpec)
    {
        var schedules = Schedules(baseSpec);
        return
        [
            .. ScheduleNames.Select(s => new StudyArm($"imp-{s}", Imp(baseSpec) with { Schedule = schedules[s] }, ReuseFrom: $"lrr-{s}")),
            .. ScheduleNames.Select(s => new StudyArm($"lrr-{s}", Lrr(baseSpec) with { Schedule = schedules[s] })),
        ];
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"Learning-rate schedules for IMP and LRR (Paper A Figs. 8–9) — {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}";
    }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, string> Facts(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = new Dictionary<string, string>(base.Facts(context, results));
        var s = Schedules(context.BaseSpec);
        facts["schedule"] = $"per arm, set once per epoch: warm-up {s["cosine-warmup"].Warmup} (the -warmup arms), drops ×{Num(s["step"].DropFactor)} at " +
                            $"[{string.Join(", ", s["step"].Drops)}] (step arms), cosine floor {Num(s["cosine"].MinLr)}, constant at {Num(context.BaseSpec.Optimizer.Lr)}";
        return facts;
    }

    /// <summary>The warm-up schedule of <paramref name="strategy"/> with the higher mean test accuracy over <paramref name="levels"/> (cosine-warmup when unknown).</summary>
    public static string BestWarmup(StudyResults results, string strategy, IReadOnlyList<int> levels)
    {
        ArgumentNullException.ThrowIfNull(results);
        var means = WarmupSchedules.Select(s => (s, Mean: results.MeanOver($"{strategy}-{s}", levels, l => l.TestAccuracy))).ToList();
        return means.Where(m => double.IsFinite(m.Mean)).OrderByDescending(m => m.Mean).Select(m => m.s).FirstOrDefault() ?? WarmupSchedules[0];
    }

    /// <inheritdoc/>
    protected override string? OverallFindingId => "warmup-schedules-best";

    /// <inheritdoc/>
    protected override IReadOnlyList<PairedClaim> Claims(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var levels = PrunedLevels(results);
        var claims = new List<PairedClaim>();
        foreach (var strategy in new[] { "imp", "lrr" })
        {
            var best = BestWarmup(results, strategy, levels);
            foreach (var other in ScheduleNames.Where(s => !WarmupSchedules.Contains(s)))
                claims.Add(new PairedClaim("Figs. 8–9", $"{strategy.ToUpperInvariant()}: {best} (the better warm-up schedule here) beats {other}",
                    Contrast.Between($"{strategy}-{best}", $"{strategy}-{other}"), levels));
        }
        return claims;
    }

    /// <inheritdoc/>
    protected override string Overall(StudyContext context, StudyResults results, IReadOnlyList<ClaimTest> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        if (tests.Count == 0) return "";
        return $"**Overall — a warm-up schedule (cosine-warmup or step-warmup) is best for both IMP and LRR: {PairedFindings.Word(PairedFindings.All(tests.Select(t => t.Verdict)))}** " +
               "(held only if the better warm-up schedule of each strategy beats every schedule without warm-up; Paper A found cosine-warmup best on CIFAR-10, step-warmup on CIFAR-100).";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(context);
        yield return RankingSection(results);
        var b = context.BaseSpec;
        yield return SiloStudy.LearningRateSection(results.OutDir, Arms(b).Where(a => a.Label.StartsWith("lrr-", StringComparison.Ordinal)).ToList(),
            SiloStudy.TrainCount(b), Math.Min(1, b.Pruning.Levels));
    }

    /// <summary>"## Schedules ranked": per strategy, each schedule's test accuracy averaged over the pruned levels (per seed, then mean and 95% interval over seeds).</summary>
    public static string RankingSection(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var levels = PrunedLevels(results);
        if (levels.Count == 0) return "";
        var md = new StringBuilder("## Schedules ranked\n\n");
        md.Append(string.Create(CultureInfo.InvariantCulture, $"Test accuracy averaged over the pruned levels {PairedFindings.Ranges(levels)} per seed, then the mean and 95% interval over seeds (seeds that finished every level).\n\n"));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var strategy in new[] { "imp", "lrr" })
        {
            var ranked = ScheduleNames.Select(s => (s, Est: AverageOver(results, $"{strategy}-{s}", levels))).Where(x => x.Est is not null)
                .OrderByDescending(x => x.Est!.Mean).ToList();
            for (int i = 0; i < ranked.Count; i++)
                rows.Add([strategy.ToUpperInvariant(), (i + 1).ToString(CultureInfo.InvariantCulture), ranked[i].s,
                    PercentFormat.TwoDecimals(ranked[i].Est!.Mean) + (ranked[i].Est!.HasInterval ? " ± " + PercentFormat.TwoDecimals(ranked[i].Est!.HalfWidth) : ""),
                    ranked[i].Est!.Count.ToString(CultureInfo.InvariantCulture)]);
        }
        if (rows.Count == 0) return "";
        Markdown.Table(md, ["strategy", "rank", "schedule", "mean test acc. (%)", "seeds"], rows);
        md.Append('\n');
        return md.ToString();
    }

    private static Estimate? AverageOver(StudyResults results, string arm, IReadOnlyList<int> levels)
    {
        var perSeed = results.Runs.Where(r => r.Arm == arm && levels.All(l => r.Levels.Any(x => x.Level == l)))
            .Select(r => levels.Average(l => r.Levels.First(x => x.Level == l).TestAccuracy)).ToArray();
        return perSeed.Length == 0 ? null : Statistics.ConfidenceInterval95(perSeed);
    }
}
