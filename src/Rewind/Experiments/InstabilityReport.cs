using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Storage;

namespace Rewind.Experiments;

/// <summary>
/// The instability sections of <see cref="InstabilityStudy"/>'s report, computed from the stored result files alone:
/// the error barrier per run, start point and level (mean and 95% interval over seeds), a plot per run of the barrier
/// against the level, the interpolation curves of the chosen level (and of level 0 when tested), <c>instability.csv</c>, and findings that say at which
/// density each start point becomes unstable and whether rewinding to θ(k) is more stable than θ(0).
/// </summary>
internal static class InstabilityReport
{
    private const string CsvFile = "instability.csv";

    private sealed record Cell(string Label, InstabilityStart Start, int Level, double Density, Estimate Barrier, Estimate LossBarrier,
        Estimate CopyError, IReadOnlyList<InstabilityResult> Results)
    {
        /// <summary>"n/m": how many seeds' barriers exceed 2 points.</summary>
        public string UnstableSeeds => $"{Results.Count(r => r.Unstable)}/{Results.Count}";
    }

    /// <summary>The report sections for the stored <paramref name="found"/> results of <paramref name="planned"/> measurements.</summary>
    public static IEnumerable<string> Sections(StudyContext context, InstabilityStudy.Settings settings, int planned,
        IReadOnlyList<(InstabilityStudy.Measurement Measurement, InstabilityResult Result)> found)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(found);
        if (found.Count == 0)
        {
            yield return "## Instability\n\nNo instability result is stored yet; rerun the study's command to measure them.\n";
            yield break;
        }
        WriteCsv(context.PathOf(CsvFile), found);
        var cells = found.GroupBy(f => (f.Measurement.Label, f.Measurement.Start, f.Measurement.Level))
            .Select(g => Aggregate(g.Key.Label, g.Key.Start, g.Key.Level, g.Select(x => x.Result).ToList()))
            .OrderBy(c => c.Level).ThenBy(c => c.Label == ArmStudy.DenseLabel ? 0 : 1).ThenBy(c => c.Label, StringComparer.Ordinal).ThenBy(c => c.Start)
            .ToList();
        var arms = InstabilityStudy.Strategies.Select(s => s.Label).ToArray();
        yield return Method(context, settings, planned, found);
        yield return Table(cells);
        yield return Plots(context.Directory, cells, arms);
        // The chosen level's curves, and the dense network's (Frankle et al.'s first question) when it was tested.
        foreach (int level in new[] { settings.CurveLevel, 0 }.Distinct().Where(settings.Levels.Contains))
            yield return Curves(context.Directory, level, cells);
        yield return Findings(cells, arms, context.BaseSpec.Pruning.RewindTo.IsZero);
    }

    private static Cell Aggregate(string label, InstabilityStart start, int level, IReadOnlyList<InstabilityResult> results) => new(
        label, start, level, results[0].Density,
        Statistics.ConfidenceInterval95(results.Select(r => r.ErrorBarrier).ToArray()),
        Statistics.ConfidenceInterval95(results.Select(r => r.LossBarrier).ToArray()),
        Statistics.ConfidenceInterval95(results.SelectMany(r => new[] { r.ErrorA, r.ErrorB }).ToArray()),
        results);

    /// <summary>The cells of arm <paramref name="arm"/>: its own levels, and level 0 from the shared dense run.</summary>
    private static IEnumerable<Cell> Of(IEnumerable<Cell> cells, string arm) =>
        cells.Where(c => c.Label == arm || (c.Label == ArmStudy.DenseLabel && c.Level == 0));

    private static string StartLabel(InstabilityStart s) => s switch
    {
        InstabilityStart.Init => "θ(0)",
        InstabilityStart.Rewind => "θ(k)",
        _ => "level start",
    };

    private static string Points(double fraction) =>
        double.IsNaN(fraction) ? "NaN" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static string PointsCi(Estimate e) => e.HasInterval ? $"{Points(e.Mean)} ± {Points(e.HalfWidth)}" : Points(e.Mean);

    private static string Method(StudyContext context, InstabilityStudy.Settings settings, int planned,
        IReadOnlyList<(InstabilityStudy.Measurement Measurement, InstabilityResult Result)> found)
    {
        var b = context.BaseSpec;
        var first = found[0].Result;
        string bn = found[0].Result.BatchNorm switch
        {
            "none" => "The network has no BatchNorm, so w(α) is exactly the interpolated network (every tensor interpolated, nothing estimated).",
            "recompute" => string.Create(CultureInfo.InvariantCulture,
                $"BatchNorm running statistics are **recomputed** at every α (the ends included) as the average over {settings.Options.BatchNormBatches} " +
                $"training batches (the same batches at every α): the statistics of an interpolated network's activations are not the interpolation " +
                $"of the copies' statistics, and interpolating them (as Frankle et al. do) can show a barrier that is an artefact of stale statistics."),
            _ => "BatchNorm running statistics are **interpolated** like every other tensor, as Frankle et al. 2020 do (`--batch-norm recompute` is the more careful choice).",
        };
        var md = new StringBuilder("## Instability (Frankle et al. 2020)\n\n");
        md.Append("For each tested level L of each reference run, two copies start from the same point with the level's mask M_L and train for the ")
          .Append("level's length with its learning-rate plan; they differ only in SGD noise: copy A sees the run's own data order (seed ")
          .Append(first.OrderSeedA.ToString(CultureInfo.InvariantCulture)).Append(" for the first seed), copy B the order of a seed derived from it (")
          .Append(first.OrderSeedB.ToString(CultureInfo.InvariantCulture)).Append("). Start points: **θ(0)** = θ(0)⊙M_L with a fresh optimizer (IMP's restart); ")
          .Append("**θ(k)** = θ(k)⊙M_L with the optimizer state at step k = `pruning.rewind_to` = ").Append(b.Pruning.RewindTo.ToString())
          .Append(" (weight rewinding's restart, the full level replayed as Paper A does); **level start** = LRR's own start of level L, the end of level L−1 ")
          .Append("masked by M_L with its momentum. Level 0 (dense) is measured once per seed on the shared dense run. ")
          .Append(string.Create(CultureInfo.InvariantCulture, $"The test error is evaluated at α = 0, 1/{settings.Options.AlphaSteps}, …, 1 along w(α) = (1−α)·w_A + α·w_B; "))
          .Append("the **error barrier** (instability) is max_α error(α) − mean(error(0), error(1)), in percentage points; a start point is *unstable* ")
          .Append("when it exceeds 2 points (Frankle et al.'s threshold). ").Append(bn).Append('\n');
        md.Append('\n').Append(string.Create(CultureInfo.InvariantCulture,
            $"{found.Count} of {planned} measurements are stored (`instability/<run>/level-NN-<start>.json`, one row each in `{CsvFile}`); "))
          .Append("they took ").Append(Markdown.Duration(found.Sum(f => f.Result.Seconds))).Append(" of compute (both copies and the path).\n");
        return md.ToString();
    }

    private static string Table(IReadOnlyList<Cell> cells)
    {
        var md = new StringBuilder("### Error barrier per run, start point and level\n\n");
        md.Append("Mean over seeds ± half-width of the 95% interval; barriers in percentage points, errors in %.\n\n");
        Markdown.Table(md, ["run", "start", "level", "density (%)", "error barrier", "loss barrier", "copies' test error", "seeds > 2 points", "stable (mean ≤ 2 points)"],
            cells.Select(c => (IReadOnlyList<string>)
            [
                c.Label, StartLabel(c.Start), c.Level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(c.Density),
                PointsCi(c.Barrier), c.LossBarrier.Mean.ToString("0.0000", CultureInfo.InvariantCulture), PointsCi(c.CopyError),
                c.UnstableSeeds, c.Barrier.Mean > Instability.UnstableAbove ? "**no**" : "yes",
            ]));
        return md.ToString();
    }

    private static string Plots(string dir, IReadOnlyList<Cell> cells, IReadOnlyList<string> arms)
    {
        var md = new StringBuilder();
        foreach (var arm in arms)
        {
            var own = Of(cells, arm).ToList();
            if (own.Count == 0) continue;
            var series = own.GroupBy(c => c.Start).OrderBy(g => g.Key).Select(g =>
            {
                var pts = g.OrderBy(c => c.Level).ToArray();
                return new LineSeries(StartLabel(g.Key), pts.Select(c => (double)c.Level).ToArray(), pts.Select(c => c.Barrier.Mean * 100).ToArray(),
                    pts.Select(c => c.Barrier.Lower * 100).ToArray(), pts.Select(c => c.Barrier.Upper * 100).ToArray());
            }).ToList();
            var levels = own.Select(c => (double)c.Level).Distinct().Order().ToArray();
            series.Add(new LineSeries("2-point threshold", [levels[0], levels[^1]], [2, 2], Dashed: true));
            var file = $"instability-{arm}.png";
            var densities = string.Join(", ", own.GroupBy(c => c.Level).OrderBy(g => g.Key)
                .Select(g => $"L{g.Key.ToString(CultureInfo.InvariantCulture)} = {PercentFormat.Density(g.First().Density)}%"));
            if (StudyCharts.Lines(Path.Combine(dir, "plots", file), $"{arm}: error barrier between two copies (mean, 95% CI)",
                    "pruning level", "error barrier (percentage points)", series))
                md.Append($"![{arm} instability](plots/{file})\n\n{arm}: densities {densities}.\n\n");
        }
        return md.Length == 0 ? "" : "### Error barrier against level\n\n" + md;
    }

    private static string Curves(string dir, int level, IReadOnlyList<Cell> cells)
    {
        var at = cells.Where(c => c.Level == level).ToList();
        if (at.Count == 0) return "";
        var series = at.Select(c =>
        {
            var alphas = c.Results[0].Alphas;
            var est = Enumerable.Range(0, alphas.Length)
                .Select(i => Statistics.ConfidenceInterval95(c.Results.Select(r => r.TestError[i] * 100).ToArray())).ToArray();
            return new LineSeries($"{c.Label}: {StartLabel(c.Start)}", alphas, est.Select(e => e.Mean).ToArray(),
                est.Select(e => e.Lower).ToArray(), est.Select(e => e.Upper).ToArray());
        }).ToList();
        var file = $"interpolation-level-{level.ToString("00", CultureInfo.InvariantCulture)}.png";
        var md = new StringBuilder($"### Interpolation curves at level {level} (density {PercentFormat.Density(at[0].Density)}%)\n\n");
        if (StudyCharts.Lines(Path.Combine(dir, "plots", file), $"Test error along w(α) = (1−α)·w_A + α·w_B, level {level}", "α", "test error (%)", series))
            md.Append($"![interpolation at level {level}](plots/{file})\n\n");
        Markdown.Table(md, ["run: start", .. at[0].Results[0].Alphas.Select(a => "α=" + a.ToString("0.##", CultureInfo.InvariantCulture))],
            series.Select(s => (IReadOnlyList<string>)[s.Label, .. s.Y.Select(y => y.ToString("0.00", CultureInfo.InvariantCulture))]));
        md.Append("\nTest error in %, mean over seeds.\n");
        return md.ToString();
    }

    private static string Findings(IReadOnlyList<Cell> cells, IReadOnlyList<string> arms, bool rewindIsInit)
    {
        var md = new StringBuilder("### Findings\n\n");
        md.Append("**Where each start point becomes unstable** (mean barrier over seeds > 2 points, levels in order of falling density):\n\n");
        foreach (var arm in arms)
            foreach (var g in Of(cells, arm).GroupBy(c => c.Start).OrderBy(g => g.Key))
                md.Append("- ").Append(arm).Append(", from ").Append(StartLabel(g.Key)).Append(": ").Append(Onset(g.OrderBy(c => c.Level).ToList())).Append('\n');
        md.Append('\n');
        if (rewindIsInit)
        {
            md.Append("**θ(k) against θ(0)** is not measured: `pruning.rewind_to` is 0, so θ(k) = θ(0). Set it with `--set pruning.rewind_to=…`.\n\n");
        }
        else
        {
            md.Append(Dense(cells));
            md.Append("**Pruned subnetworks: is rewinding to θ(k) more stable than rewinding to θ(0)?** Frankle et al. 2020 found IMP's subnetworks ")
              .Append("unstable from θ(0) beyond small-scale settings, and stable (and matching) when rewound to an early step θ(k).\n\n");
            foreach (var arm in arms)
            {
                var init = cells.Where(c => c.Label == arm && c.Start == InstabilityStart.Init).ToDictionary(c => c.Level);
                var rewind = cells.Where(c => c.Label == arm && c.Start == InstabilityStart.Rewind).ToDictionary(c => c.Level);
                var levels = init.Keys.Intersect(rewind.Keys).Order().ToList();
                if (levels.Count == 0) continue;
                md.Append($"{arm}'s masks:\n\n");
                Markdown.Table(md, ["level", "density (%)", "barrier from θ(0)", "barrier from θ(k)", "θ(0) − θ(k)", "95% intervals"], levels.Select(l =>
                    (IReadOnlyList<string>)
                    [
                        l.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(init[l].Density), PointsCi(init[l].Barrier), PointsCi(rewind[l].Barrier),
                        Points(init[l].Barrier.Mean - rewind[l].Barrier.Mean),
                        !init[l].Barrier.HasInterval ? "one seed" : init[l].Barrier.Overlaps(rewind[l].Barrier) ? "overlap" : "apart",
                    ]));
                md.Append('\n').Append(Verdict(arm, levels.Select(l => (init[l], rewind[l])).ToList())).Append("\n\n");
            }
        }
        var lrrStart = cells.Where(c => c.Start == InstabilityStart.LevelStart).ToList();
        if (lrrStart.Count > 0)
        {
            double max = lrrStart.Max(c => c.Barrier.Mean);
            var worst = lrrStart.First(c => c.Barrier.Mean == max);
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"**LRR's own level start** (a trained network, pruned): the largest mean barrier is {Points(max)} points (level {worst.Level}, density {PercentFormat.Density(worst.Density)}%); "))
              .Append(lrrStart.All(c => c.Barrier.Mean <= Instability.UnstableAbove)
                ? "it is stable at every tested density, as expected of a start that is already trained."
                : $"it is unstable at {lrrStart.Count(c => c.Barrier.Mean > Instability.UnstableAbove)} of {lrrStart.Count} tested levels.")
              .Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The dense network (level 0): Frankle et al.'s finding that it becomes stable to SGD noise early in training.</summary>
    private static string Dense(IReadOnlyList<Cell> cells)
    {
        var init = cells.FirstOrDefault(c => c.Level == 0 && c.Start == InstabilityStart.Init);
        var rewind = cells.FirstOrDefault(c => c.Level == 0 && c.Start == InstabilityStart.Rewind);
        if (init is null || rewind is null) return "";
        bool i = init.Barrier.Mean > Instability.UnstableAbove, r = rewind.Barrier.Mean > Instability.UnstableAbove;
        string numbers = $"barrier {PointsCi(init.Barrier)} points from θ(0) ({init.UnstableSeeds} seeds above 2), {PointsCi(rewind.Barrier)} from θ(k) ({rewind.UnstableSeeds})";
        string verdict = (i, r) switch
        {
            (true, false) => "**Holds:** unstable at θ(0) and stable at θ(k), i.e. the dense network becomes stable to SGD noise within the first k steps, as Frankle et al. found",
            (false, false) => "**Not observed:** stable already at θ(0), as Frankle et al. found for LeNet on MNIST; there is nothing for θ(k) to settle",
            (true, true) => "**Does not hold at this k:** still unstable at θ(k); a later rewind point may be needed",
            _ => "**Does not hold:** stable at θ(0) but unstable at θ(k)",
        };
        return $"**The dense network (level 0).** Frankle et al. found standard networks unstable at initialisation and stable after a short time of training. Here: {verdict} ({numbers}).\n\n";
    }

    private static string Onset(IReadOnlyList<Cell> byLevel)
    {
        var firstUnstable = byLevel.FirstOrDefault(c => c.Barrier.Mean > Instability.UnstableAbove);
        if (firstUnstable is null)
        {
            var worst = byLevel.MaxBy(c => c.Barrier.Mean)!;
            var single = byLevel.Where(c => c.Results.Any(r => r.Unstable)).ToList();
            return $"stable at every tested density down to {PercentFormat.Density(byLevel[^1].Density)}% (largest mean barrier " +
                   $"{PointsCi(worst.Barrier)} points, at {PercentFormat.Density(worst.Density)}%)" +
                   (single.Count == 0 ? "; no single seed exceeds 2 points."
                       : "; single seeds exceed 2 points at " + string.Join(", ", single.Select(c =>
                           $"{PercentFormat.Density(c.Density)}% ({c.UnstableSeeds} seeds, largest {Points(c.Results.Max(r => r.ErrorBarrier))} points)")) + ".");
        }
        var after = byLevel.Where(c => c.Level > firstUnstable.Level).ToList();
        var stableAgain = after.Where(c => c.Barrier.Mean <= Instability.UnstableAbove).Select(c => c.Level.ToString(CultureInfo.InvariantCulture)).ToList();
        return $"unstable from density {PercentFormat.Density(firstUnstable.Density)}% (level {firstUnstable.Level}: barrier {PointsCi(firstUnstable.Barrier)} points)" +
               (after.Count == 0 ? ", the sparsest level tested."
                   : stableAgain.Count == 0 ? " and at every sparser level tested."
                   : $"; stable again at level(s) {string.Join(", ", stableAgain)}.");
    }

    /// <summary>Whether θ(k) removes the instability θ(0) shows on this arm's masks, stated with the numbers.</summary>
    private static string Verdict(string arm, IReadOnlyList<(Cell Init, Cell Rewind)> pairs)
    {
        var unstable = pairs.Where(p => p.Init.Barrier.Mean > Instability.UnstableAbove).ToList();
        double meanDiff = pairs.Average(p => p.Init.Barrier.Mean - p.Rewind.Barrier.Mean);
        int lower = pairs.Count(p => p.Rewind.Barrier.Mean < p.Init.Barrier.Mean);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"θ(k)'s barrier is lower than θ(0)'s at {lower} of {pairs.Count} levels; on average θ(0) − θ(k) = {Points(meanDiff)} points.");
        var singles = pairs.Where(p => p.Init.Results.Any(r => r.Unstable)).Select(p =>
            $"level {p.Init.Level} ({PercentFormat.Density(p.Init.Density)}%): θ(0) {p.Init.UnstableSeeds} seeds above 2 points, θ(k) {p.Rewind.UnstableSeeds}").ToList();
        if (singles.Count > 0) summary += " Single seeds: " + string.Join("; ", singles) + ".";
        if (unstable.Count == 0)
            return $"**Not observed on {arm}'s masks:** θ(0) is already stable (barrier ≤ 2 points) at every tested pruned density, so there is no instability " +
                   "for rewinding to θ(k) to remove — the premise of the claim does not arise at this scale (Frankle et al. report the same for LeNet on MNIST). " + summary;
        var fixedLevels = unstable.Where(p => p.Rewind.Barrier.Mean <= Instability.UnstableAbove).ToList();
        string where = string.Join(", ", unstable.Select(p => $"level {p.Init.Level} ({PercentFormat.Density(p.Init.Density)}%)"));
        if (fixedLevels.Count == unstable.Count)
            return $"**Holds on {arm}'s masks:** θ(0) is unstable at {where}, and θ(k) is stable at every one of them. " + summary;
        if (fixedLevels.Count > 0)
            return $"**Holds in part on {arm}'s masks:** θ(0) is unstable at {where}; θ(k) is stable at {fixedLevels.Count} of them " +
                   $"(level(s) {string.Join(", ", fixedLevels.Select(p => p.Init.Level))}). " + summary;
        bool lowerWhereUnstable = unstable.All(p => p.Rewind.Barrier.Mean < p.Init.Barrier.Mean);
        return lowerWhereUnstable
            ? $"**Does not hold on {arm}'s masks:** θ(0) is unstable at {where}; θ(k) lowers the barrier there but stays above 2 points. " + summary
            : $"**Does not hold on {arm}'s masks:** θ(0) is unstable at {where}, and θ(k) is not more stable there. " + summary;
    }

    private static void WriteCsv(string path, IReadOnlyList<(InstabilityStudy.Measurement Measurement, InstabilityResult Result)> found)
    {
        var sb = new StringBuilder("run,seed,level,density,start,error_barrier,loss_barrier,error_a,error_b,loss_a,loss_b,order_seed_a,order_seed_b,steps,batch_norm,seconds\n");
        foreach (var (m, r) in found)
            sb.Append(m.Label).Append(',').Append(Csv.Int(m.Seed)).Append(',').Append(Csv.Int(m.Level)).Append(',').Append(Csv.Double(r.Density)).Append(',')
              .Append(r.Start).Append(',').Append(Csv.Double(r.ErrorBarrier)).Append(',').Append(Csv.Double(r.LossBarrier)).Append(',')
              .Append(Csv.Double(r.ErrorA)).Append(',').Append(Csv.Double(r.ErrorB)).Append(',').Append(Csv.Double(r.LossA)).Append(',')
              .Append(Csv.Double(r.LossB)).Append(',').Append(Csv.Int(r.OrderSeedA)).Append(',').Append(Csv.Int(r.OrderSeedB)).Append(',')
              .Append(Csv.Long(r.Steps)).Append(',').Append(r.BatchNorm).Append(',').Append(Csv.Double(r.Seconds)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
